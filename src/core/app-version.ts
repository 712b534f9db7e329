import { version } from '../../package.json'

/** The application version, from package.json (inlined by the bundler). */
export const appVersion: string = version

/** The product name shown to people. */
export const productName = 'Audit Desk'
