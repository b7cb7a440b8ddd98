/** The OAuth2 providers the server knows by name (src/auth/oauth2-providers.ts); the `oidc*` slots need their URLs. */
export const oauth2Providers: { name: string; label: string; needsURLs: boolean }[] = [
  { name: 'google', label: 'Google', needsURLs: false },
  { name: 'github', label: 'GitHub', needsURLs: false },
  { name: 'gitlab', label: 'GitLab', needsURLs: false },
  { name: 'discord', label: 'Discord', needsURLs: false },
  { name: 'oidc', label: 'OpenID Connect', needsURLs: true },
  { name: 'oidc2', label: 'OpenID Connect (2)', needsURLs: true },
  { name: 'oidc3', label: 'OpenID Connect (3)', needsURLs: true },
];

/** The provider user's properties a collection may copy into its own fields on first sign-in. */
export const mappedFieldKeys = [
  ['id', 'Provider user id'],
  ['name', 'Name'],
  ['username', 'Username'],
  ['avatarURL', 'Avatar (URL or file field)'],
] as const;
