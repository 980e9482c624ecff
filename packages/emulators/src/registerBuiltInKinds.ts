import { listEmulatorKinds, registerEmulatorKind } from '@astroemu/emulator-core';
import { convKind } from '@astroemu/conv-emulator';
import { payneKind } from '@astroemu/payne';
import { registerTransformerPayne } from '@astroemu/transformer-payne';

/**
 * Registers every built-in emulator kind with emulator-core: 'payne' (The Payne and BigPayne), 'conv',
 * 'transformer-payne'. Idempotent; called by openEmulator, so apps need no kind imports of their own.
 * (astro-emulators-toolkit MLP bundles are not a kind: openEmulator imports them through @astroemu/payne.
 * The stellar foundation model has its own encoder–decoder contract, not the Emulator one.)
 */
export function registerBuiltInKinds(): string[] {
  registerEmulatorKind(payneKind);
  registerEmulatorKind(convKind);
  registerTransformerPayne();
  return listEmulatorKinds();
}
