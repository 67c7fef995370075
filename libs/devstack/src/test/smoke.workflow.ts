// A trivial workflow for the Temporal smoke test: one activity round trip.
import { proxyActivities } from '@temporalio/workflow';

const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({
  startToCloseTimeout: '10 seconds',
});

export async function smokeWorkflow(name: string): Promise<string> {
  return `${await greet(name)}!`;
}
