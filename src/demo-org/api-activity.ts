// Background activity of integrations: request log entries with a realistic mix of endpoints,
// statuses and latencies, `generation.requested` audit events, and recording delays.
import { rhythmWeight } from './demo-data'
import { auditEvent, keyActor, requestLog, type Pending } from './records'
import type { Integration, Organization } from './organization'
import type { Random } from './random'

/** Relative request weight of an integration during the hour starting at `hourStart`. */
export function integrationWeight(integration: Integration, hourStart: number): number {
  const date = new Date(hourStart)
  return integration.share * rhythmWeight(integration.rhythm, date.getUTCHours(), date.getUTCDay())
}

type Endpoint = { method: string; path: string; weight: number; medianMs: number; created: boolean }

const generateEndpoint: Endpoint = {
  method: 'POST',
  path: '/v1/documents/generate',
  weight: 35,
  medianMs: 850,
  created: true,
}
const endpoints: readonly Endpoint[] = [
  generateEndpoint,
  { method: 'GET', path: '/v1/templates', weight: 14, medianMs: 120, created: false },
  { method: 'GET', path: '/v1/templates/{template}', weight: 15, medianMs: 45, created: false },
  { method: 'GET', path: '/v1/documents/{document}', weight: 20, medianMs: 60, created: false },
  { method: 'GET', path: '/v1/projects', weight: 5, medianMs: 70, created: false },
  { method: 'PUT', path: '/v1/templates/{template}', weight: 4, medianMs: 140, created: false },
  { method: 'POST', path: '/v1/templates', weight: 3, medianMs: 160, created: true },
  { method: 'DELETE', path: '/v1/documents/{document}', weight: 4, medianMs: 55, created: false },
]
const endpointWeights = endpoints.map((endpoint) => endpoint.weight)

const failures: readonly (readonly [number, string, number])[] = [
  [400, 'validation_error', 0.02],
  [404, 'not_found', 0.015],
  [409, 'conflict', 0.003],
  [422, 'template_render_error', 0.008],
  [429, 'rate_limited', 0.01],
  [500, 'internal_error', 0.004],
  [502, 'bad_gateway', 0.001],
  [503, 'service_unavailable', 0.002],
  [504, 'gateway_timeout', 0.001],
]

/** Builds integration traffic. */
export class ApiActivity {
  /** Binds the builder to the organization and its randomness. */
  constructor(
    private readonly org: Organization,
    private readonly random: Random,
  ) {}

  /** A request log entry by `integration` (null: a caller without a valid key) at `time`. */
  request(
    integration: Integration | null,
    time: number,
    override?: { ip: string; userAgent: string },
  ): Pending {
    const random = this.random
    const endpoint = endpoints[random.weightedIndex(endpointWeights)] ?? generateEndpoint
    const path = endpoint.path
      .replace('{template}', this.org.templates.pick(random, time)?.id ?? random.ulid('tpl', time))
      .replace('{document}', random.ulid('doc', time - random.int(0, 86_400_000)))
    let status = endpoint.created ? 201 : 200
    let errorCode: string | null = null
    let duration = random.logNormal(endpoint.medianMs, 0.6)
    if (integration === null) {
      status = 401
      errorCode = random.chance(0.7) ? 'invalid_api_key' : 'missing_api_key'
      duration = random.logNormal(8, 0.4)
    } else {
      const roll = random.next()
      let threshold = 0
      for (const [code, name, rate] of failures) {
        threshold += rate
        if (roll < threshold) {
          status = code
          errorCode = name
          duration =
            code === 504
              ? 30_000 + random.int(0, 500)
              : code >= 500
                ? duration * 2
                : random.logNormal(15, 0.5)
          break
        }
      }
    }
    const ip =
      override?.ip ??
      (integration === null ? random.pick(this.org.strayIps) : random.pick(integration.ips))
    const userAgent =
      override?.userAgent ??
      integration?.userAgent ??
      random.pick(['curl/8.5.0', 'python-requests/2.32.3'])
    return requestLog(random.ulid('req', time), time, time + this.requestDelay(), {
      method: endpoint.method,
      endpoint: path,
      statusCode: status,
      durationMs: Math.max(1, Math.round(duration)),
      integration,
      ipAddress: ip,
      userAgent,
      errorCode,
    })
  }

  /** A `generation.requested` audit event by `integration` at `time` (4% fail). */
  generation(integration: Integration, time: number): Pending {
    const random = this.random
    const template = this.org.templates.pick(random, time)
    const isFailure = random.chance(0.04)
    return auditEvent(random.ulid('evt', time), time, time + this.auditDelay(), {
      action: 'generation.requested',
      actor: keyActor(integration),
      resource:
        template === undefined ? null : { id: template.id, name: template.name, type: 'template' },
      ipAddress: random.pick(integration.ips),
      userAgent: integration.userAgent,
      failureReason: isFailure
        ? random.pick(['template_render_error', 'quota_exceeded', 'invalid_payload'])
        : null,
      metadata: {
        output_format: random.pick(['docx', 'pdf', 'pdf', 'pdf']),
        pages: random.int(1, 24),
      },
    })
  }

  /** Milliseconds between an audit event occurring and being recorded (at most 30 minutes). */
  auditDelay(): number {
    const roll = this.random.next()
    if (roll < 0.92) return this.random.int(40, 900)
    if (roll < 0.98) return this.random.int(1_000, 60_000)
    return this.random.int(60_000, 1_800_000)
  }

  /** Milliseconds between a request happening and its log entry being recorded. */
  requestDelay(): number {
    const roll = this.random.next()
    if (roll < 0.965) return this.random.int(20, 500)
    if (roll < 0.995) return this.random.int(1_000, 120_000)
    return this.random.int(120_000, 1_800_000)
  }
}
