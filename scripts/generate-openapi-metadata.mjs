// Writes src/metadata.ts: what the @nestjs/swagger compiler plugin learns from the DTOs and
// controllers, for code that does not go through `nest build` (the test runner).
import { existsSync, writeFileSync } from 'node:fs';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';

const target = new URL('../src/metadata.ts', import.meta.url);
// The generator type-checks the project first, and the project imports this file.
if (!existsSync(target)) writeFileSync(target, 'export default async () => ({});\n');

new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      pathToSource: new URL('../src', import.meta.url).pathname,
      dtoFileNameSuffix: ['.dto.ts'],
      controllerFileNameSuffix: ['.controller.ts'],
      introspectComments: true,
      classValidatorShim: true,
      esmCompatible: true,
    }),
  ],
  outputDir: new URL('../src', import.meta.url).pathname,
  tsconfigPath: 'tsconfig.build.json',
  filename: 'metadata.ts',
});
