/** Every row is this tall; the virtualizer and the scroll anchoring rely on it being fixed. */
export const ROW_HEIGHT = 26

export const COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'type', label: 'Type' },
  { key: 'event', label: 'Event' },
  { key: 'user', label: 'User' },
  { key: 'source', label: 'Source' },
  { key: 'latency', label: 'Latency' },
  { key: 'size', label: 'Size' },
  { key: 'status', label: 'Status' },
] as const
