/** Version written into bundle configs as `packageVersion` (a test keeps it equal to package.json's). */
export const PACKAGE_VERSION = '0.1.0';
export const PACKAGE_NAME = '@astroemu/conv-emulator';
