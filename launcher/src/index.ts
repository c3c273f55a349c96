export { Stack, repoRoot, type StackOptions } from './Stack.ts';
export { ManagedProcess } from './ManagedProcess.ts';
export { startLoopbackStack, type LoopbackStack } from './LoopbackStack.ts';
export { freePort } from './freePort.ts';
