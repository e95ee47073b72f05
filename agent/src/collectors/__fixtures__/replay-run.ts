/** Runs every collector of a scenario's platform against its recordings; anything unrecorded fails. */
import { ObservationsSchema, type CheckValues, type Observations } from '@vigil/shared/core';
import { expect } from 'vitest';
import { collectPosture } from '../collect.js';
import { createReplayIO, unusedRecordings, type DeviceScenario } from './replay-io.js';

export async function replayDevice(scenario: DeviceScenario): Promise<Observations> {
  const { io, unexpected, served } = createReplayIO(scenario);
  const observations = await collectPosture({ platform: scenario.platform ?? 'linux', io });
  expect(unexpected, `${scenario.name}: unexpected accesses`).toEqual([]);
  expect(unusedRecordings(scenario, served).filter((key) => key.startsWith('exec:')), `${scenario.name}: unused recordings`).toEqual([]);
  expect(ObservationsSchema.safeParse(observations).error).toBeUndefined();
  return observations;
}

export function okValue<C extends keyof CheckValues>(observations: Observations, check: C): CheckValues[C] {
  const observation = observations[check];
  if (observation?.state !== 'ok') throw new Error(`${check}: ${JSON.stringify(observation)}`);
  expect(observation.evidence.length).toBeGreaterThan(0);
  return observation.value as CheckValues[C];
}
