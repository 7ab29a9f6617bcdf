// A full git commit id: 40 hex digits (SHA-1) or 64 (SHA-256 repositories).
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitId(text: string): boolean {
  return COMMIT_ID.test(text);
}
