import { formatCount } from '../../../format'
import { ChartCard } from './ChartCard'
import type { ChartContext } from './chart-context'
import { signInEventsHash } from './chart-links'
import { RankChart, RankValues, type RankRow } from './RankChart'
import { useChart } from './use-chart'

/** The most countries drawn (the rest are summed in the caption). */
const maxCountries = 12

const series = [
  { key: 'success', name: 'Successful', color: 'var(--chart-success)' },
  { key: 'failure', name: 'Failed', color: 'var(--chart-failure)' },
] as const

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' })

/** A country's name and code (`Germany (DE)`), or what an unknown one stands for. */
const countryLabel = (country: string | null): string =>
  country === null ? 'Unknown or no address' : `${countryNames.of(country) ?? country} (${country})`

/** Sign-ins by the country of their address; click a country for its sign-ins. */
export function CountriesChart(props: { context: ChartContext }) {
  const { context } = props
  const state = useChart('charts.signInCountries', context.audit.filter, context.version)
  const rowsOf = (countries: { country: string | null; success: number; failure: number }[]) =>
    countries.slice(0, maxCountries).map((entry): RankRow => ({
      label: countryLabel(entry.country),
      success: entry.success,
      failure: entry.failure,
      href:
        entry.country === null
          ? null
          : signInEventsHash(context.audit.query, { country: entry.country }),
    }))
  return (
    <ChartCard
      id="countries"
      title="Sign-ins by country"
      caption="Country of the sign-in’s address, from the offline IP database; click a country for its sign-ins"
      state={state}
      texts={{
        loading: 'Placing sign-ins by country…',
        empty: 'No sign-ins match the filter in this range.',
      }}
      computedFrom={(value) => value.computedFrom}
      isEmpty={(value) => value.countries.length === 0}
      describe={(value) =>
        `Sign-ins from ${formatCount(value.countries.length)} countries or unknown places; most from ${countryLabel(value.countries[0]?.country ?? null)}.`
      }
      chart={(value) => (
        <RankChart
          rows={rowsOf(value.countries)}
          series={series}
          onOpen={context.go}
          labelWidth={170}
        />
      )}
      footer={(value) =>
        value.countries.length > maxCountries ? (
          <p className="chart-note">
            {formatCount(value.countries.length - maxCountries)} more countries are in the values
            table.
          </p>
        ) : null
      }
      table={(value) => (
        <RankValues
          rows={value.countries.map((entry) => rowsOf([entry])[0] ?? { label: '', href: null })}
          heading="Country"
          series={series}
          openLabel="Open sign-ins"
        />
      )}
    />
  )
}
