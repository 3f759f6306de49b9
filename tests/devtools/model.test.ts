/**
 * migrations/model.ts must be what the chain builds: autogenerate compares databases with
 * it, so any drift would turn into a migration nobody asked for.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../migrations/index.ts';
import { model } from '../../migrations/model.ts';
import { diffSchemas, introspect, normalizeSchema, plan, run } from '../../src/engine/index.ts';
import { open } from '../support/db.ts';

function headSchema() {
  const db = open(null);
  try {
    run(db, chain, plan(db, chain, 'upgrade', 'heads'));
    return introspect(db, { skipVersionTable: true });
  } finally {
    db.close();
  }
}

describe('the declared head schema', () => {
  const built = headSchema();

  it('equals the schema the chain builds on an empty database', () => {
    expect(normalizeSchema(model)).toEqual(normalizeSchema(built));
  });

  it('lists the tables in the order the chain creates them', () => {
    expect(model.tables.map((t) => t.name)).toEqual(built.tables.map((t) => t.name));
  });

  it('gives autogenerate nothing to do in either direction', () => {
    expect(diffSchemas(built, model)).toEqual({ ops: [], notices: [] });
    expect(diffSchemas(model, built)).toEqual({ ops: [], notices: [] });
  });

  it('declares Nodes_old, which Entropy keeps after simplifying node ids', () => {
    expect(model.tables.some((t) => t.name === 'Nodes_old')).toBe(true);
  });
});
