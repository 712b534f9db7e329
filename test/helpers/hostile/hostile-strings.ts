// Strings an attacker can put in log fields (a user agent, a display name, a resource name),
// shared by the sync tests and the e2e test that proves the views render them as inert text.

/** Each is a complete field value; none may execute, navigate, or reorder what is shown. */
export const hostileStrings = {
  html: '<img src=x onerror=alert(1)>',
  script: '<script>alert(document.domain)</script>',
  link: 'javascript:alert(1)',
  bidi: 'invoice\u202Egnp.exe',
  formula: '=cmd|/c calc',
  control: 'nul\u0000bell\u0007end',
  emoji: 'deploy 🧨🚀',
} as const
