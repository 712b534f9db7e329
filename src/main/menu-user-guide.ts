// Where Help › User guide finds the guide (no electron import, so Node tests cover it): the README
// shipped beside the app as a plain file, since the system viewer cannot open a file inside asar.
import path from 'node:path'

/** Where the running app lives: its app path (maybe an asar archive) and its resources folder. */
export interface GuideLocations {
  appPath: string
  resourcesPath: string
}

/**
 * The user guide files to try, best first: `<resources>/docs/README.md` (installed apps carry the
 * docs there, outside asar), then the README beside the app (a development checkout).
 */
export function userGuideCandidates(locations: GuideLocations): string[] {
  return [
    path.join(locations.resourcesPath, 'docs', 'README.md'),
    path.join(locations.appPath, 'README.md'),
  ].filter((candidate) => !isInsideAsar(candidate))
}

/** The first guide file that exists, or undefined when none is shipped. */
export function findUserGuide(
  locations: GuideLocations,
  exists: (file: string) => boolean,
): string | undefined {
  return userGuideCandidates(locations).find(exists)
}

/** True when `file` lies inside an asar archive, which only Electron's own fs can read. */
export function isInsideAsar(file: string): boolean {
  return file.split(/[\\/]/).some((part) => part.toLowerCase().endsWith('.asar'))
}
