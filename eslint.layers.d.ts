import type { Linter } from 'eslint'

/** ESLint flat-config entries that enforce which layer may import which (CONVENTIONS.md §1). */
export declare const layerRules: Linter.Config[]
