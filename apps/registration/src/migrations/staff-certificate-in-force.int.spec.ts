import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@fd/platform';
import { dropSchema, openTestDataSource, testDatabaseUrl } from '@fd/platform/testing';
import { certificateHolderForRegistration } from '../read-models/staff.read-model';
import { registrationService } from '../registration.service-def';
import { RegistrationReadModels1764300000000 } from './1764300000000-registration-read-models';

describe('the certificate rule on a registry that already repeats certificates (real PostgreSQL)', () => {
  let ds: DataSource;
  let schema: string;
  const staff = (id: string, certificateNo: string, registeredAt: string, revokedOn: string | null = null, merchantId = 'm1') =>
    ds.query(
      `INSERT INTO "${schema}".staff (id, merchant_id, name, phone, certificate_no, certificate_valid_until, registered_at, revoked_on)
       VALUES ($1, $5, $1, '13800000000', $2, '2030-01-01', $3, $4)`,
      [id, certificateNo, registeredAt, revokedOn, merchantId],
    );

  beforeAll(async () => {
    // the registry as it was before the rule, with a certificate registered twice (and once more, revoked)
    ({ ds, schema } = await openTestDataSource('registration', [RegistrationReadModels1764300000000]));
    await ds.query(
      `INSERT INTO "${schema}".merchants (id, name, stall, category, registered_at) VALUES ('m1', '美家地板', 'A-101', 'flooring', now()), ('m2', '安心門窗', 'B-202', 'doors', now()),
              ('m3', '亮光燈飾', 'C-303', 'lighting', now())`,
    );
    await staff('first', 'CERT-1', '2026-09-01T02:00:00Z');
    await staff('second', 'CERT-1', '2026-09-02T02:00:00Z');
    await staff('revoked', 'CERT-1', '2026-08-01T02:00:00Z', '2026-08-15');
    // the same certificate typed otherwise, at another merchant, later
    await staff('elsewhere', 'cert 1', '2026-09-03T02:00:00Z', null, 'm2');
    await ds.destroy();
    ds = await openServiceDataSource({ schema, migrations: registrationService.migrations, url: testDatabaseUrl() });
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropSchema(schema);
  });

  it('migrating_keepsTheRepeatedRegistrations_evenAtAnotherMerchantOrTypedOtherwise_andNamesTheFirstAsTheHolder (example R3)', async () => {
    const rows = await ds.query(`SELECT id, certificate_key, duplicate_of FROM "${schema}".staff ORDER BY id`);
    expect(rows).toEqual([
      { id: 'elsewhere', certificate_key: 'CERT1', duplicate_of: 'first' },
      { id: 'first', certificate_key: 'CERT1', duplicate_of: null },
      { id: 'revoked', certificate_key: 'CERT1', duplicate_of: null },
      { id: 'second', certificate_key: 'CERT1', duplicate_of: 'first' },
    ]);
    await ds.transaction(async (m) =>
      expect(await certificateHolderForRegistration(m, schema, 'ＣＥＲＴ－１')).toEqual({
        staffId: 'first',
        name: 'first',
        merchantId: 'm1',
      }),
    );
  });

  it('afterMigrating_aThirdRegistrationInForceIsRefusedByTheIndex_atAnyMerchant', async () => {
    await expect(staff('third', 'Cert 1', '2026-10-01T02:00:00Z', null, 'm3')).rejects.toMatchObject({
      code: '23505',
      constraint: 'staff_certificate_in_force',
    });
  });

  it('revokingTheFirst_leavesTheRepeatedOneAsTheHolder', async () => {
    await ds.query(`UPDATE "${schema}".staff SET revoked_on = '2026-10-01' WHERE id = 'first'`);
    await ds.transaction(async (m) =>
      expect(await certificateHolderForRegistration(m, schema, 'CERT-1')).toEqual({ staffId: 'second', name: 'second', merchantId: 'm1' }),
    );
  });
});
