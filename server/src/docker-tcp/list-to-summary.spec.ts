import { healthFromStatus, listEntryToSummary } from './list-to-summary';

const ID = 'a'.repeat(64);

describe('listEntryToSummary', () => {
  it('maps an Engine API list entry to a table row', () => {
    expect(
      listEntryToSummary({
        Id: ID,
        Names: ['/web'],
        Image: 'nginx:1.27',
        ImageID: 'sha256:' + 'b'.repeat(64),
        Created: 1_750_000_000,
        State: 'running',
        Status: 'Up 3 hours (healthy)',
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 53, Type: 'udp' },
        ],
        Labels: { a: 'b' },
      }),
    ).toEqual({
      id: ID,
      name: 'web',
      image: 'nginx:1.27',
      imageId: 'sha256:' + 'b'.repeat(64),
      state: 'running',
      status: 'Up 3 hours (healthy)',
      health: 'healthy',
      createdAt: '2025-06-15T15:06:40.000Z',
      startedAt: null,
      ports: [
        { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: 53, proto: 'udp' },
      ],
      labels: { a: 'b' },
      stats: null,
    });
  });

  it('skips entries that are not containers and tolerates junk fields', () => {
    expect(listEntryToSummary({ Id: 'nope' })).toBeNull();
    expect(listEntryToSummary({ Id: ID, Names: 'x', Ports: [{ PrivatePort: 'x' }, { PrivatePort: 1, Type: 'ipx' }], State: 'odd', Created: 'x' })).toMatchObject({
      name: '', ports: [], state: 'dead', createdAt: null, status: null, health: 'none',
    });
  });

  it('reads health from the status text', () => {
    expect(healthFromStatus('Up 1 second (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 2 days (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Exited (0) 3 minutes ago')).toBe('none');
    expect(healthFromStatus(null)).toBe('none');
  });
});
