export { Stack, repoRoot, type StackOptions } from './Stack.ts';
export { ManagedProcess } from './ManagedProcess.ts';
