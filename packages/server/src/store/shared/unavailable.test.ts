import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['connection_failure 08006', withCode('08006')],
    ['sqlclient_unable_to_establish_sqlconnection 08001', withCode('08001')],
    ['admin_shutdown 57P01', withCode('57P01')],
    ['cannot_connect_now 57P03', withCode('57P03')],
    ['too_many_connections 53300', withCode('53300')],
    ['SQLITE_BUSY', withCode('SQLITE_BUSY', 'database is locked')],
    ['SQLITE_BUSY_SNAPSHOT', withCode('SQLITE_BUSY_SNAPSHOT')],
    ['SQLITE_LOCKED', withCode('SQLITE_LOCKED')],
    ['SQLITE_IOERR_WRITE', withCode('SQLITE_IOERR_WRITE')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a lost socket', new Error('Connection terminated unexpectedly')],
  ])('%s is unavailable', (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique_violation 23505', withCode('23505')],
    ['division_by_zero 22012', withCode('22012')],
    ['undefined_table 42P01', withCode('42P01')],
    ['SQLITE_CONSTRAINT_UNIQUE', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['SQLITE_CORRUPT', withCode('SQLITE_CORRUPT')],
    ['SQLITE_BUSYNESS (not a code)', withCode('SQLITE_BUSYNESS')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
    ['null', null],
  ])('%s is not', (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
