import https from 'node:https';

/**
 * What the SFU holds, from its /metrics (open on loopback): mediasoup objects, connected peers and
 * watchers, and its own heap. After every phone has left, these must come back to where they were
 * before the first joined; counts that only grow are objects nobody closed.
 */
export interface SfuInventory {
  peers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
  frameSubscribers: number;
  mqttClients: number;
  mqttVideoSubscribers: number;
  heapUsedMb: number;
  activeHandles: number;
}

/** Each field: the metric whose series (all labels) are summed into it. */
const series: Record<keyof SfuInventory, string> = {
  peers: 'dronecast_peers',
  routers: 'dronecast_mediasoup_routers',
  transports: 'dronecast_mediasoup_transports',
  producers: 'dronecast_mediasoup_producers',
  consumers: 'dronecast_mediasoup_consumers',
  frameSubscribers: 'dronecast_websocket_frame_subscribers',
  mqttClients: 'dronecast_mqtt_clients',
  mqttVideoSubscribers: 'dronecast_mqtt_video_subscribers',
  heapUsedMb: 'dronecast_sfu_nodejs_heap_size_used_bytes',
  activeHandles: 'dronecast_sfu_nodejs_active_handles_total',
};

export const inventoryFields = Object.keys(series) as (keyof SfuInventory)[];

export async function scrapeSfuInventory(origin: string, ca: string): Promise<SfuInventory> {
  const text = await get(`${origin}/metrics`, ca);
  const sum = (metric: string): number => {
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${metric} `) || line.startsWith(`${metric}{`)) total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
    }
    return total;
  };
  const inventory = Object.fromEntries(inventoryFields.map((field) => [field, sum(series[field])])) as unknown as SfuInventory;
  inventory.heapUsedMb = Math.round((inventory.heapUsedMb / 2 ** 20) * 10) / 10;
  return inventory;
}

function get(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within 10 s`)));
    request.on('error', reject);
  });
}
