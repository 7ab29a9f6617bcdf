// Every kind the console offers (the manifest's) opens in its language's
// editor mode with a hello-world template, and the compiled ones say where
// their code is built.
import { knownKinds } from '@brisk/core/browser';
import { describe, expect, it } from 'vitest';
import { kindLanguage } from './kind-languages';
import { templateFor } from './templates';

const codeKinds = knownKinds().filter((kind) => kind !== 'sequence' && kind !== 'blackbox');

describe('the console languages', () => {
  it.each(codeKinds)('%s has an editor mode, a file extension and a hello world', (kind) => {
    const language = kindLanguage(kind);
    expect(language.monaco).not.toBe('plaintext');
    expect(language.extension).toMatch(/^[a-z]+$/);
    expect(templateFor(kind)).toMatch(/main|Main/);
  });

  it('names the languages Monaco knows them by and notes compilation or jars', () => {
    expect(kindLanguage('ruby:3.3')).toMatchObject({ monaco: 'ruby', extension: 'rb' });
    expect(kindLanguage('php:8.4')).toMatchObject({ monaco: 'php', extension: 'php' });
    expect(kindLanguage('go:1.24').note).toMatch(/compiled/);
    expect(kindLanguage('java:21').note).toMatch(/jar/);
    expect(kindLanguage('sequence').monaco).toBe('plaintext');
    expect(templateFor('php:8.4')).toMatch(/^<\?php\nfunction main|function main\(array \$args\): array/m);
  });
});
