import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  debounced,
  defaultSize,
  loadWindowState,
  minimumSize,
  parseWindowState,
  placeWindow,
  saveWindowState,
  windowStateFileName,
  type Rect,
  type WindowState,
} from './window-state'

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const secondary: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }
const saved: WindowState = { x: 100, y: 80, width: 1200, height: 800, isMaximized: false }

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true })
})
function dataDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'window-state-'))
  directories.push(directory)
  return directory
}

describe('window state file', () => {
  it('round-trips through the data directory', () => {
    const directory = dataDirectory()
    saveWindowState(directory, { ...saved, isMaximized: true })
    expect(loadWindowState(directory)).toEqual({ ...saved, isMaximized: true })
    expect(fs.readdirSync(directory)).toEqual([windowStateFileName])
  })

  it('rounds fractional bounds (high-DPI displays report them) before saving', () => {
    const directory = dataDirectory()
    saveWindowState(directory, { ...saved, x: 100.4, width: 1199.6 })
    expect(loadWindowState(directory)).toEqual({ ...saved, x: 100, width: 1200 })
  })

  it('treats a missing, huge or hostile file as no saved state', () => {
    const directory = dataDirectory()
    expect(loadWindowState(directory)).toBeUndefined()
    const file = path.join(directory, windowStateFileName)
    fs.writeFileSync(
      file,
      `{"x":1,"y":1,"width":1000,"height":700,"isMaximized":false}${' '.repeat(5000)}`,
    )
    expect(loadWindowState(directory)).toBeUndefined()
    fs.rmSync(file)
    fs.mkdirSync(file)
    expect(loadWindowState(directory)).toBeUndefined()
  })

  it('parses only a complete, finite, plain state', () => {
    const hostile = [
      '',
      'null',
      '[]',
      '{"x":1}',
      'not json',
      JSON.stringify({ ...saved, width: -5 }),
      JSON.stringify({ ...saved, width: 0 }),
      JSON.stringify({ ...saved, x: 1e308 }),
      JSON.stringify({ ...saved, x: 10.5 }),
      JSON.stringify({ ...saved, isMaximized: 'yes' }),
      JSON.stringify({ ...saved, extra: 1 }),
      '{"__proto__":{"x":1},"x":1,"y":1,"width":1000,"height":700,"isMaximized":false}',
      '{"x":1,"y":1,"width":"1000","height":700,"isMaximized":false}',
    ]
    for (const text of hostile) expect(parseWindowState(text), text).toBeUndefined()
    expect(parseWindowState(JSON.stringify(saved))).toEqual(saved)
  })
})

describe('window placement', () => {
  it('opens the default size centred on the primary display when nothing is saved', () => {
    expect(placeWindow(undefined, [primary], primary)).toEqual({
      x: (1920 - defaultSize.width) / 2,
      y: (1040 - defaultSize.height) / 2,
      ...defaultSize,
      isMaximized: false,
    })
  })

  it('restores saved bounds on any current display, maximized or not', () => {
    expect(placeWindow(saved, [primary, secondary], primary)).toEqual(saved)
    const onSecond = { x: 2200, y: 100, width: 1800, height: 1100, isMaximized: true }
    expect(placeWindow(onSecond, [primary, secondary], primary)).toEqual(onSecond)
  })

  it('centres the default window when the saved place is on a display that is gone', () => {
    const onSecond = { x: 2200, y: 100, width: 1800, height: 1100, isMaximized: true }
    expect(placeWindow(onSecond, [primary], primary)).toEqual(
      placeWindow(undefined, [primary], primary),
    )
  })

  it('centres the window when its title bar is off every display', () => {
    const aboveTheTop = { ...saved, y: -790 }
    expect(placeWindow(aboveTheTop, [primary], primary).y).toBe((1040 - defaultSize.height) / 2)
    const barelyOnTheRight = { ...saved, x: 1900 }
    expect(placeWindow(barelyOnTheRight, [primary], primary).x).toBe((1920 - defaultSize.width) / 2)
    const partlyOff = { ...saved, x: 1500 }
    expect(placeWindow(partlyOff, [primary], primary)).toEqual(partlyOff)
  })

  it('keeps the minimum size and never grows beyond the display', () => {
    const tiny = { ...saved, width: 200, height: 100 }
    expect(placeWindow(tiny, [primary], primary)).toMatchObject(minimumSize)
    const huge = { ...saved, width: 9000, height: 9000 }
    expect(placeWindow(huge, [primary], primary)).toMatchObject({ width: 1920, height: 1040 })
  })

  it('fits the default window to a display smaller than it', () => {
    const small: Rect = { x: 0, y: 0, width: 1280, height: 720 }
    expect(placeWindow(undefined, [small], small)).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: 720,
      isMaximized: false,
    })
  })
})

describe('debounced save', () => {
  function fakeTimers() {
    let next = 0
    const due = new Map<number, () => void>()
    return {
      timers: {
        set: (run: () => void) => {
          next += 1
          due.set(next, run)
          return next
        },
        clear: (handle: unknown) => {
          if (typeof handle === 'number') due.delete(handle)
        },
      },
      fireAll: () => {
        const runs = [...due.values()]
        due.clear()
        for (const run of runs) run()
      },
      pending: () => due.size,
    }
  }

  it('saves once after a burst of moves', () => {
    const clock = fakeTimers()
    let saves = 0
    const save = debounced(() => (saves += 1), 500, clock.timers)
    for (let move = 0; move < 20; move += 1) save.schedule()
    expect(clock.pending()).toBe(1)
    clock.fireAll()
    expect(saves).toBe(1)
  })

  it('flushes a pending save at once on close, and only a pending one', () => {
    const clock = fakeTimers()
    let saves = 0
    const save = debounced(() => (saves += 1), 500, clock.timers)
    save.flush()
    expect(saves).toBe(0)
    save.schedule()
    save.flush()
    expect(saves).toBe(1)
    expect(clock.pending()).toBe(0)
    save.flush()
    expect(saves).toBe(1)
  })
})
