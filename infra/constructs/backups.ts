import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag.js';

/** How long a daily backup is kept: as long as point-in-time recovery reaches back. */
export const BACKUP_RETENTION = Duration.days(35);

export interface TableBackupsProps {
  tables: ITable[];
  /** Locks the vault (compliance mode, after a three-day grace period) so nobody can delete a backup early: production provinces. */
  locked: boolean;
  encryptionKey: IKey;
  removalPolicy: RemovalPolicy;
}

/**
 * A daily AWS Backup of every table into a vault of the province's own, kept 35 days, in
 * addition to point-in-time recovery: a backup survives the table's deletion and, in a locked
 * vault, anyone's attempt to delete it.
 */
export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
      // Three days to undo a mistaken lock, then immutable: not even the account's root can shorten a backup's life.
      ...(props.locked ? { lockConfiguration: { minRetention: BACKUP_RETENTION, changeableFor: Duration.days(3) } } : {}),
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          // 02:00 in China (UTC+8), the quietest hour of a province's traffic.
          scheduleExpression: Schedule.cron({ hour: '18', minute: '0' }),
          deleteAfter: BACKUP_RETENTION,
        }),
      ],
    });
    const selection = this.plan.addSelection('Tables', { resources: props.tables.map((table) => BackupResource.fromDynamoDbTable(table)) });
    acknowledgeNag(selection, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The role AWS Backup assumes to back up the selected tables; AWS maintains this managed policy for exactly that and the selection limits it to this province\'s tables.');
  }
}
