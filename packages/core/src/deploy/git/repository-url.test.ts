import { describe, expect, it } from 'vitest';
import { nonPublicReason } from './address-ranges.ts';
import { checkRepository, checkRepositoryUrl, githubRepoOf } from './repository-url.ts';

// Host names resolve through this table, so no test sends a DNS query.
const names: Record<string, string[]> = {
  'github.com': ['140.82.112.3'],
  'dual.example': ['140.82.112.3', '2606:50c0:8000::153'],
  'internal.example': ['10.1.2.3'],
  'sneaky.example': ['140.82.112.3', '169.254.169.254'],
  'mapped.example': ['::ffff:127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
};
const lookup = async (host: string) => {
  const found = names[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const strict = { allowPrivateNetwork: false, lookup };
const open = { allowPrivateNetwork: true, lookup };

async function refusal(url: string, options = strict): Promise<string> {
  const error = await checkRepositoryUrl(url, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `${url} should be refused`).toMatchObject({ name: 'BriskError', kind: 'bad-request' });
  return (error as Error).message;
}

describe('repository URL policy', () => {
  it('allows https:// to public addresses, and resolves every address', async () => {
    expect((await checkRepositoryUrl('https://github.com/acme/app.git', strict)).href).toBe('https://github.com/acme/app.git');
    expect(await checkRepository('https://dual.example/acme/app', strict)).toMatchObject({ addresses: ['140.82.112.3', '2606:50c0:8000::153'] });
    expect((await checkRepositoryUrl('https://140.82.112.3/acme/app', strict)).hostname).toBe('140.82.112.3');
  });

  it('never allows local paths, file:, ssh, remote helpers or scp-like addresses', async () => {
    for (const options of [strict, open]) {
      expect(await refusal('file:///etc/passwd', options)).toMatch(/uses file:.*https:\/\//);
      expect(await refusal('/srv/git/app.git', options)).toMatch(/local path/);
      expect(await refusal('./app', options)).toMatch(/local path/);
      expect(await refusal('~/app', options)).toMatch(/local path/);
      expect(await refusal('ssh://git@github.com/acme/app.git', options)).toMatch(/uses ssh:/);
      expect(await refusal('git+ssh://github.com/acme/app.git', options)).toMatch(/uses git\+ssh:/);
      expect(await refusal('git@github.com:acme/app.git', options)).toMatch(/ssh address/);
      expect(await refusal('github.com:acme/app.git', options)).toMatch(/ssh address/);
      expect(await refusal('ext::sh -c touch% /tmp/pwned', options)).toMatch(/remote helper/);
      expect(await refusal('fd::17', options)).toMatch(/remote helper/);
      expect(await refusal('https://github.com/acme/app\n', options)).toMatch(/control characters/);
      expect(await refusal('not a url', options)).toMatch(/control characters|not an https/);
    }
  });

  it('never allows credentials in the URL, pointing to giving a token instead', async () => {
    expect(await refusal('https://user:secret@github.com/acme/app.git')).toMatch(/credentials.*access token/);
    expect(await refusal('https://ghp_abc@github.com/acme/app.git', open)).toMatch(/credentials/);
  });

  it('allows http:// and git:// only with the private-network setting, saying how to set it', async () => {
    expect(await refusal('http://github.com/acme/app.git')).toMatch(/not encrypted.*BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true/);
    expect(await refusal('git://github.com/acme/app.git')).toMatch(/BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true/);
    expect((await checkRepositoryUrl('http://github.com/acme/app.git', open)).protocol).toBe('http:');
    expect((await checkRepositoryUrl('git://github.com/acme/app.git', open)).protocol).toBe('git:');
  });

  it('refuses loopback, private and link-local addresses without the setting, allows them with it', async () => {
    const cases = [
      ['https://127.0.0.1/acme/app.git', /loopback/],
      ['https://10.0.0.5/acme/app.git', /private \(10/],
      ['https://172.20.0.1/acme/app.git', /private \(172\.16/],
      ['https://192.168.1.1/acme/app.git', /private \(192\.168/],
      ['https://169.254.169.254/latest/meta-data', /link-local/],
      ['https://100.64.0.1/acme/app.git', /carrier-grade NAT/],
      ['https://0.0.0.0/acme/app.git', /this network/],
      ['https://[::1]/acme/app.git', /loopback \(::1\)/],
      ['https://[fe80::1]/acme/app.git', /link-local \(fe80/],
      ['https://[fd12:3456::1]/acme/app.git', /unique-local/],
      ['https://[::ffff:127.0.0.1]/acme/app.git', /loopback.*embedded in an IPv6/],
      ['https://[::ffff:a00:1]/acme/app.git', /private \(10.*embedded/],
      ['https://localhost/acme/app.git', /loopback/],
      ['https://internal.example/acme/app.git', /10\.1\.2\.3, a private/],
      ['https://sneaky.example/acme/app.git', /169\.254\.169\.254, a link-local/],
      ['https://mapped.example/acme/app.git', /loopback.*embedded/],
    ] as const;
    for (const [url, reason] of cases) {
      const message = await refusal(url);
      expect(message).toMatch(reason);
      expect(message).toMatch(/BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true/);
      await expect(checkRepositoryUrl(url, open)).resolves.toBeInstanceOf(URL);
    }
  });

  it('refuses a host that does not resolve', async () => {
    expect(await refusal('https://nowhere.example/acme/app.git')).toMatch(/could not be resolved/);
  });
});

describe('address ranges', () => {
  it('tells public addresses from the rest', () => {
    for (const address of [
      '140.82.112.3',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:50c0:8000::153',
      '::ffff:8.8.8.8',
      '::ffff:0:8.8.8.8',
      '2002:808:808::1',
    ]) {
      expect(nonPublicReason(address), address).toBeUndefined();
    }
    for (const address of [
      '127.1.2.3',
      '172.31.255.255',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      'ff02::1',
      '64:ff9b::a9fe:a9fe',
      '2002:a00:1::1',
      'fe80::1%eth0',
    ]) {
      expect(nonPublicReason(address), address).toBeDefined();
    }
    // SIIT's translated form and the local-use NAT64 prefix.
    expect(nonPublicReason('::ffff:0:127.0.0.1')).toMatch(/loopback.*embedded in an IPv6/);
    expect(nonPublicReason('::ffff:0:a9fe:a9fe')).toMatch(/link-local.*embedded/);
    expect(nonPublicReason('64:ff9b:1::808:808')).toMatch(/local-use NAT64/);
    expect(nonPublicReason('example.com')).toBe('not an IP address');
  });
});

describe('githubRepoOf', () => {
  it('takes owner and repository from the last two path segments', () => {
    expect(githubRepoOf(new URL('https://github.com/acme/app.git'))).toEqual({ owner: 'acme', repo: 'app' });
    expect(githubRepoOf(new URL('https://github.com/acme/app'))).toEqual({ owner: 'acme', repo: 'app' });
    expect(githubRepoOf(new URL('https://ghe.example/git/acme/my.app.git/'))).toEqual({ owner: 'acme', repo: 'my.app' });
    expect(githubRepoOf(new URL('https://github.com/app.git'))).toBeUndefined();
    expect(githubRepoOf(new URL('https://github.com/acme/a%20b'))).toBeUndefined();
  });
});
