/** A GUID as Microsoft writes ids (Entra object and app ids, tenant ids, Teams catalog ids), any case. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
