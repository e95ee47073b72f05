/**
 * Named secrets shared by every replica of one service (the device CA, the result-signing key
 * ring). Only a store several processes share has them (PostgreSQL, table `key_material`); a
 * SQLite service keeps the same material as files in its data directory.
 */
export interface KeyMaterialStore {
  read(name: string): Promise<string | undefined>;
  /**
   * Atomic across processes: `change` gets the stored value (undefined: none yet) and returns
   * the value to store, or undefined to keep it. Concurrent updates of one name run one after
   * the other, so a value created here is created once. Resolves to the value stored afterwards.
   */
  update(
    name: string,
    change: (current: string | undefined) => Promise<string | undefined>,
  ): Promise<string | undefined>;
}
