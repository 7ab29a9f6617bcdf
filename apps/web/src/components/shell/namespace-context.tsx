'use client';
import { createContext, useContext } from 'react';

/** The namespace the console is signed in to. */
export const NamespaceContext = createContext<string>('');

export function useNamespace(): string {
  return useContext(NamespaceContext);
}
