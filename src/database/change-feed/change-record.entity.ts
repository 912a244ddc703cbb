import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of the change feed: written with the change it announces, read by every process that
 * shares the database, purged once no process can still be waiting for it.
 */
@Entity('change_feed')
export class ChangeRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The `Change` as JSON. */
  @Column({ type: 'text' })
  change!: string;

  @Index('IDX_change_feed_createdAt')
  @Column({ type: Date })
  createdAt!: Date;
}
