/**
 * In-process coordination of the file log's consumer groups (the part Kafka's group coordinator
 * does). Scope: ONE file-log stream instance in ONE process. Two processes, or two stream instances
 * over the same directory, do not see each other's members and would both consume every partition.
 *
 * Assignment: the members subscribed to a topic, in join order, take its partitions round-robin
 * (partition p goes to member p mod n). A partition changes hands only between batches: the new owner
 * waits for the lease the old owner holds while it handles and commits a batch, so two members never
 * handle the same partition at once and committed offsets never move backwards.
 */

/** Where a group stands in one partition. */
export interface Cursor {
  /** Next offset to deliver (= the committed offset, or the reset position before any commit). */
  offset: number;
  /** Byte position in the segment file where that record starts. */
  byte: number;
}

/** One running consumer of a group, with the topics it subscribed to. */
export interface Member {
  readonly id: number;
  readonly topics: ReadonlySet<string>;
}

interface GroupState {
  members: Member[];
  leased: Set<string>;
  cursors: Map<string, Cursor>;
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The members, partition leases and cached positions of every group of one file-log stream. */
export class GroupRegistry {
  private readonly groups = new Map<string, GroupState>();
  private nextId = 1;

  join(groupId: string, topics: readonly string[]): Member {
    const member: Member = { id: this.nextId++, topics: new Set(topics) };
    this.state(groupId).members.push(member);
    return member;
  }

  leave(groupId: string, member: Member): void {
    const state = this.groups.get(groupId);
    if (!state) return;
    state.members = state.members.filter((m) => m.id !== member.id);
    // Forget cached positions with the last member: the offset files are the truth for the next one.
    if (state.members.length === 0 && state.leased.size === 0) this.groups.delete(groupId);
  }

  /** The partitions of `topic` (with `partitions` partitions) that `member` owns right now. */
  owned(groupId: string, member: Member, topic: string, partitions: number): number[] {
    const eligible = (this.groups.get(groupId)?.members ?? []).filter((m) => m.topics.has(topic));
    const index = eligible.findIndex((m) => m.id === member.id);
    if (index === -1) return [];
    const owned: number[] = [];
    for (let p = index; p < partitions; p += eligible.length) owned.push(p);
    return owned;
  }

  /** Takes the partition's lease, or returns undefined while another member holds it. */
  tryLease(groupId: string, topic: string, partition: number): (() => void) | undefined {
    const state = this.state(groupId);
    const key = tpKey(topic, partition);
    if (state.leased.has(key)) return undefined;
    state.leased.add(key);
    return () => {
      state.leased.delete(key);
      if (state.members.length === 0 && state.leased.size === 0) this.groups.delete(groupId);
    };
  }

  cursor(groupId: string, topic: string, partition: number): Cursor | undefined {
    return this.groups.get(groupId)?.cursors.get(tpKey(topic, partition));
  }

  setCursor(groupId: string, topic: string, partition: number, cursor: Cursor): void {
    this.state(groupId).cursors.set(tpKey(topic, partition), cursor);
  }

  private state(groupId: string): GroupState {
    let state = this.groups.get(groupId);
    if (!state) {
      state = { members: [], leased: new Set(), cursors: new Map() };
      this.groups.set(groupId, state);
    }
    return state;
  }
}
