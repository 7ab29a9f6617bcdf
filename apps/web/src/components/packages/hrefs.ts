// Console addresses of packages, triggers and rules (names may hold spaces and '@').

export const packageHref = (name: string) => `/packages/${encodeURIComponent(name)}`;
export const triggerHref = (name: string) => `/triggers/${encodeURIComponent(name)}`;
export const ruleHref = (name: string) => `/rules/${encodeURIComponent(name)}`;
