/** `@fankui/client/ky` — the fetch transport (browsers, H5, Node), built on ky. */
export { createKyTransport, type KyTransportOptions } from './transport/ky';
