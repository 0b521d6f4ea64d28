// @vitest-environment happy-dom
import { act, createElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { IpcClient } from '../../../src/shared/ipc/contract';
import { IpcProvider } from '../../../src/renderer/ipc/context';
import { useLabJob, type LabJobControl } from '../../../src/renderer/panels/lab/jobs/useLabJob';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A client whose streams the test drives by hand. */
function fakeClient() {
  const listeners = new Map<string, (items: unknown[]) => void>();
  const client = {
    host: 'web',
    invoke: async (name: string) => (name === 'backtest.jobs' ? [] : null),
    subscribe: (name: string, onBatch: (items: unknown[]) => void) => {
      listeners.set(name, onBatch);
      return () => listeners.delete(name);
    },
  } as unknown as IpcClient;
  const emit = (name: string, items: unknown[]) => listeners.get(name)?.(items);
  return { client, emit };
}

function mount(client: IpcClient): { control: () => LabJobControl } {
  let current: LabJobControl | null = null;
  function Probe() {
    current = useLabJob(['backtest']);
    return null;
  }
  const root = createRoot(document.createElement('div'));
  act(() => root.render(createElement(IpcProvider, { client, children: createElement(Probe) as ReactNode })));
  return { control: () => current! };
}

const progress = (runId: string, done: number) => ({ runId, kind: 'backtest', phase: 'running', done, total: 100, unit: 'bars', best: null, elapsedMs: 1 });
const finished = (runId: string) => ({ runId, kind: 'backtest', status: 'completed', experimentId: 7, error: null, elapsedMs: 2 });

describe('the lab job follows its run', () => {
  it('takes events that arrive after the run request is answered but before the panel re-renders', async () => {
    const { client, emit } = fakeClient();
    const { control } = mount(client);
    let answer!: (started: { runId: string; total: number }) => void;
    let started!: Promise<void>;
    // As a click does: the 'starting' state renders before main answers.
    act(() => {
      started = control().start('backtest', 'sma-cross on SPY', () => new Promise((resolve) => (answer = resolve)));
    });
    expect(control().job.status).toBe('starting');
    await act(async () => {
      answer({ runId: 'run-1', total: 100 });
      // The run's events come in right behind the answer, before React renders again.
      queueMicrotask(() => {
        emit('backtest.progress', [progress('run-1', 100)]);
        emit('backtest.finished', [finished('run-1')]);
      });
      await started;
      await Promise.resolve();
    });
    expect(control().job).toMatchObject({ status: 'completed', runId: 'run-1', done: 100, experimentId: 7 });
  });

  it('takes events that arrive before the answer, and ignores other runs', async () => {
    const { client, emit } = fakeClient();
    const { control } = mount(client);
    let answer!: (started: { runId: string; total: number }) => void;
    let started!: Promise<void>;
    act(() => {
      started = control().start('backtest', 'x', () => new Promise((resolve) => (answer = resolve)));
    });
    await act(async () => {
      emit('backtest.progress', [progress('other', 50)]);
      emit('backtest.finished', [finished('run-2')]);
      answer({ runId: 'run-2', total: 100 });
      await started;
    });
    expect(control().job).toMatchObject({ status: 'completed', runId: 'run-2', done: 100 });
  });
});
