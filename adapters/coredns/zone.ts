/** The zone dnsplan serves when none is given. */
export const DEFAULT_ZONE = 'dnsplan.test.';
