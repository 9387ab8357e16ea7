// src/shared is checked with the ES library only (no DOM, no Node types: tsconfig.shared.json).
// These are the globals it may still use: present in every runtime that loads it (Node >= 20
// in main and the CLI, Chromium in the renderer), but in no ES library file.
declare function structuredClone<T>(value: T): T;
