// Who this instance is in the fleet view.
import { hostname } from 'node:os';
import { shardName, type Shard } from '@ob/core';

export interface FleetIdentity {
  id: string;
  host: string;
  pid: number;
  shard: string;
  sink: 'single' | 'cluster' | 'none';
}

export function fleetIdentity(name: string, shard: Shard | undefined, sink: FleetIdentity['sink']): FleetIdentity {
  const host = hostname();
  return { id: name || `${host}:${process.pid}`, host, pid: process.pid, shard: shardName(shard), sink };
}
