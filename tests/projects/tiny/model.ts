/**
 * Tiny's schema at its head, declared: what the developer tools' autogenerate compares a
 * database with (tests/projects/tiny-devtools.test.ts keeps it equal to what the chain builds).
 */
import type { Schema } from '../../../src/engine/index.ts';

export const model: Schema = {
  tables: [
    {
      name: 'samples',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false },
        { name: 'name', type: 'TEXT', nullable: false },
        { name: 'archived', type: 'INTEGER', nullable: false, serverDefault: '0' },
        { name: 'weight', type: 'REAL' },
      ],
      primaryKey: { columns: ['id'] },
    },
  ],
  indexes: [],
};
