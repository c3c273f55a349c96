export { Stack, repoRoot, type StackOptions } from './Stack.ts';
export { ManagedProcess } from './ManagedProcess.ts';
export { startLoopbackStack, type LoopbackStack, type LoopbackStackOptions } from './LoopbackStack.ts';
export { freePort, freePortRange } from './freePort.ts';
