// Fixed vocabulary of the demo organization: homes, names, projects, templates, integrations.

/** A home: country code, IANA time zone and how many members live there. */
export type Home = { country: string; timeZone: string; members: number }

/** Where the 60 members live. */
export const homes: readonly Home[] = [
  { country: 'US', timeZone: 'America/New_York', members: 7 },
  { country: 'US', timeZone: 'America/Chicago', members: 3 },
  { country: 'US', timeZone: 'America/Los_Angeles', members: 4 },
  { country: 'GB', timeZone: 'Europe/London', members: 6 },
  { country: 'DE', timeZone: 'Europe/Berlin', members: 6 },
  { country: 'FR', timeZone: 'Europe/Paris', members: 4 },
  { country: 'ES', timeZone: 'Europe/Madrid', members: 4 },
  { country: 'NL', timeZone: 'Europe/Amsterdam', members: 3 },
  { country: 'PL', timeZone: 'Europe/Warsaw', members: 3 },
  { country: 'IN', timeZone: 'Asia/Kolkata', members: 6 },
  { country: 'JP', timeZone: 'Asia/Tokyo', members: 3 },
  { country: 'AU', timeZone: 'Australia/Sydney', members: 3 },
  { country: 'BR', timeZone: 'America/Sao_Paulo', members: 3 },
  { country: 'CA', timeZone: 'America/Toronto', members: 3 },
  { country: 'SG', timeZone: 'Asia/Singapore', members: 2 },
]

/** Given names drawn for members. */
export const firstNames: readonly string[] = [
  'Ana',
  'Ben',
  'Chloe',
  'Daniel',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Ximena',
  'Yuki',
  'Zofia',
  'Arjun',
  'Bea',
  'Carlos',
  'Dara',
  'Emil',
  'Fatima',
  'Gus',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
  'Marco',
  'Nadia',
  'Oskar',
  'Priya',
  'Rafael',
  'Sara',
]

/** Family names drawn for members. */
export const lastNames: readonly string[] = [
  'Ruiz',
  'Schmidt',
  'Tanaka',
  'Okafor',
  'Novak',
  'Dubois',
  'Patel',
  'Kowalski',
  'Silva',
  'Brown',
  'Jansen',
  'Rossi',
  'Nguyen',
  'Kim',
  'Haddad',
  'Lindqvist',
  'Moreau',
  'Sato',
  'Garcia',
  'Walsh',
  'Fischer',
  'Iyer',
  'Costa',
  'Evans',
  'Muller',
  'Bakker',
  'Lopez',
  'Chen',
  'Murphy',
  'Singh',
]

/** Names of the 15 projects. */
export const projectNames: readonly string[] = [
  'Sales contracts',
  'HR onboarding',
  'Customer invoices',
  'Vendor agreements',
  'Legal NDAs',
  'Marketing one-pagers',
  'Support macros',
  'Board reports',
  'Procurement',
  'Partner program',
  'Quarterly statements',
  'Compliance attestations',
  'Renewals',
  'Field service reports',
  'Internal memos',
]

/** Document kinds combined with variants to name templates. */
export const templateKinds: readonly string[] = [
  'Invoice',
  'Mutual NDA',
  'Offer letter',
  'Quote',
  'Statement of work',
  'Purchase order',
  'Renewal notice',
  'Receipt',
  'Service report',
  'Master agreement',
  'Credit note',
  'Welcome pack',
  'Termination letter',
  'Price sheet',
  'Certificate',
  'Policy acknowledgement',
]

/** Variants appended to template kinds. */
export const templateVariants: readonly string[] = [
  'EU',
  'US',
  'UK',
  'APAC',
  'v2',
  'v3',
  'short form',
  'long form',
  'draft',
  'enterprise',
  'SMB',
  'German',
  'French',
  'Spanish',
  'Japanese',
  'legacy',
  '2026',
  'signed',
  'internal',
  'partner',
]

/** Browser user agents of members. */
export const browserAgents: readonly string[] = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
]

/** The daily rhythm of an integration, as relative request weight per UTC hour and weekday. */
export type Rhythm = 'office-us' | 'office-eu' | 'nightly' | 'flat' | 'evening' | 'six-hourly'

/** One of the 8 integrations that call the API with their own key. */
export type IntegrationSpec = {
  name: string
  country: string
  userAgent: string
  rhythm: Rhythm
  share: number
}

/** The organization's 8 integrations (the third, CRM connector, is the one that leaks). */
export const integrationSpecs: readonly IntegrationSpec[] = [
  {
    name: 'CI pipeline',
    country: 'US',
    userAgent: 'acme-sdk/2.1 (node 20)',
    rhythm: 'office-us',
    share: 1.2,
  },
  {
    name: 'Nightly batch export',
    country: 'DE',
    userAgent: 'acme-sdk/2.0 (python 3.12)',
    rhythm: 'nightly',
    share: 1.5,
  },
  {
    name: 'CRM connector',
    country: 'US',
    userAgent: 'crm-bridge/4.7',
    rhythm: 'office-us',
    share: 1.0,
  },
  { name: 'Zapier automations', country: 'US', userAgent: 'Zapier', rhythm: 'flat', share: 0.8 },
  {
    name: 'Billing exporter',
    country: 'IE',
    userAgent: 'billing-exporter/1.3 (java 21)',
    rhythm: 'office-eu',
    share: 0.6,
  },
  {
    name: 'Mobile backend',
    country: 'GB',
    userAgent: 'acme-sdk/2.1 (go 1.23)',
    rhythm: 'evening',
    share: 1.4,
  },
  {
    name: 'Data warehouse loader',
    country: 'NL',
    userAgent: 'airbyte/1.4',
    rhythm: 'six-hourly',
    share: 0.9,
  },
  {
    name: 'Partner portal',
    country: 'FR',
    userAgent: 'partner-portal/3.2 (php 8.3)',
    rhythm: 'office-eu',
    share: 0.7,
  },
]

/** Relative weight of a rhythm at a UTC hour on a weekday (0 = Sunday). */
export function rhythmWeight(rhythm: Rhythm, utcHour: number, weekday: number): number {
  const isWeekend = weekday === 0 || weekday === 6
  switch (rhythm) {
    case 'office-us':
      return (utcHour >= 13 || utcHour < 1 ? 1 : 0.12) * (isWeekend ? 0.2 : 1)
    case 'office-eu':
      return (utcHour >= 7 && utcHour < 17 ? 1 : 0.1) * (isWeekend ? 0.2 : 1)
    case 'nightly':
      return utcHour >= 1 && utcHour < 4 ? 1 : 0.04
    case 'flat':
      return 0.6
    case 'evening':
      return utcHour >= 17 && utcHour < 23 ? 1 : utcHour >= 7 ? 0.55 : 0.2
    case 'six-hourly':
      return utcHour % 6 === 0 ? 1 : 0.08
  }
}
