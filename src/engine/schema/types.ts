/** A database schema as plain data: what introspection reads, what migrations declare. */

export interface Column {
  readonly name: string;
  /** The SQL type as written in DDL, e.g. "INTEGER", "VARCHAR(7)". */
  readonly type: string;
  /** Defaults to true, as in SQLAlchemy. */
  readonly nullable?: boolean;
  /** Raw SQL of the server default, e.g. "False" or "'abc'"; undefined for none. */
  readonly serverDefault?: string;
}

export interface PrimaryKey {
  readonly columns: readonly string[];
  readonly name?: string;
}

export interface ForeignKey {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete?: string;
  readonly onUpdate?: string;
  readonly name?: string;
}

export interface UniqueConstraint {
  readonly columns: readonly string[];
  readonly name?: string;
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly foreignKeys?: readonly ForeignKey[];
  readonly uniques?: readonly UniqueConstraint[];
}

export interface IndexDef {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

export interface Schema {
  readonly tables: readonly TableDef[];
  readonly indexes: readonly IndexDef[];
}

/** SQLAlchemy-style type helpers, so declarations read like the SQLAlchemy models they mirror. */
export const types = {
  Integer: 'INTEGER',
  String: (length?: number): string => (length === undefined ? 'VARCHAR' : `VARCHAR(${length})`),
  Text: 'TEXT',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME',
  Float: 'FLOAT',
  Blob: 'BLOB',
  /** A non-native Enum: SQLAlchemy stores it as VARCHAR sized to the longest value. */
  Enum: (...values: string[]): string => `VARCHAR(${Math.max(...values.map((v) => v.length))})`,
} as const;
