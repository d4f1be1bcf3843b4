import { MASK, maskEnv, parseDockerEnv } from './mask-env';

describe('env masking', () => {
  it.each(['DB_PASSWORD', 'db_pass', 'API_TOKEN', 'SECRET', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_THING', 'GCP_CREDENTIALS', 'ssh_key'])('masks %s', (key) => {
    expect(maskEnv([{ key, value: 'hunter2' }])).toEqual([{ key, value: MASK }]);
  });

  it.each(['NODE_ENV', 'PATH', 'HOME', 'PORT'])('keeps %s', (key) => {
    expect(maskEnv([{ key, value: 'v' }])).toEqual([{ key, value: 'v' }]);
  });

  it('parses docker KEY=value lines, values with = and keys without value', () => {
    expect(parseDockerEnv(['A=1', 'B=x=y', 'DB_PASSWORD=p=w', 'EMPTY=', 'BARE'])).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: 'x=y' },
      { key: 'DB_PASSWORD', value: MASK },
      { key: 'EMPTY', value: '' },
      { key: 'BARE', value: null },
    ]);
    expect(parseDockerEnv(null)).toEqual([]);
  });
});
