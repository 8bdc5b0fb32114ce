import { describe, expect, it } from '@jest/globals'
import { DeadlinePassed, settleBy, startDeadline } from '../../../src/aws/deadline.js'

/** A deadline on a hand-moved clock whose time-up signal the test fires. */
function deadline(ms: number, cancel = new AbortController()) {
  let t = 1_000
  const timeUp = new AbortController()
  const d = startDeadline(ms, { now: () => t, cancel: cancel.signal, timer: () => timeUp.signal })
  return {
    d,
    cancel,
    advance: (by: number) => (t += by),
    fire: () => timeUp.abort()
  }
}

const never = () => new Promise<never>(() => {})

describe('startDeadline', () => {
  it('counts down on the injected clock', () => {
    const { d, advance } = deadline(5_000)
    expect(d.at).toBe(6_000)
    expect(d.remainingMs()).toBe(5_000)
    advance(4_000)
    expect([d.remainingMs(), d.passed()]).toEqual([1_000, false])
    advance(2_000)
    expect([d.remainingMs(), d.passed()]).toEqual([0, true])
  })

  it('passes the signal to the call and answers with its result', async () => {
    const { d } = deadline(5_000)
    let seen: AbortSignal | undefined
    await expect(
      d.call(async (signal) => {
        seen = signal
        return 'page'
      })
    ).resolves.toBe('page')
    expect(seen).toBe(d.signal)
  })

  it('settles a call that never answers when the time is up, with DeadlinePassed', async () => {
    const { d, fire } = deadline(5_000)
    const call = d.call(never)
    fire()
    await expect(call).rejects.toThrow(DeadlinePassed)
    expect(d.signal.aborted).toBe(true)
    expect(d.passed()).toBe(true)
  })

  it('settles a call that never answers on cancel, with the cancel reason; not a deadline', async () => {
    const { d, cancel } = deadline(5_000)
    const call = d.call(never)
    cancel.abort(new Error('SIGINT'))
    await expect(call).rejects.toThrow('SIGINT')
    expect(d.passed()).toBe(false)
  })

  it('never starts a call once aborted', async () => {
    const { d, fire } = deadline(5_000)
    fire()
    let started = false
    await expect(
      d.call(async () => {
        started = true
      })
    ).rejects.toThrow(DeadlinePassed)
    expect(started).toBe(false)
  })

  it('is aborted from the start when the cancel already was', () => {
    const cancel = new AbortController()
    cancel.abort()
    expect(deadline(5_000, cancel).d.signal.aborted).toBe(true)
  })
})

describe('settleBy', () => {
  it('passes a rejection through', async () => {
    await expect(
      settleBy(Promise.reject(new Error('no')), new AbortController().signal)
    ).rejects.toThrow('no')
  })

  it('does not leave an unhandled rejection behind when the call fails after the abort', async () => {
    const controller = new AbortController()
    let fail!: (e: Error) => void
    const call = new Promise<never>((_, reject) => (fail = reject))
    const settled = settleBy(call, controller.signal)
    controller.abort(new Error('stop'))
    fail(new Error('socket destroyed'))
    await expect(settled).rejects.toThrow('stop')
  })
})
