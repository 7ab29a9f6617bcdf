import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TRPCProvider } from '@/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Brisk', template: '%s · Brisk' },
  description: 'Self-hosted serverless functions',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCProvider>{children}</TRPCProvider>
      </body>
    </html>
  );
}
