import { describe, expect, it } from 'vitest';
import { ProtocolError, type AccessLink } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { AccessLinkList } from './AccessLinkList.ts';

const alice: AccessLink = { id: 'link-AAAAAAAAAAAAAAAA', role: 'viewer', name: 'Alice', issuedAt: 1_000, expiresAt: 3_601_000, revokedAt: null };
const bob: AccessLink = { id: 'link-BBBBBBBBBBBBBBBB', role: 'pilot', name: 'Bob', issuedAt: 2_000, expiresAt: 86_402_000, revokedAt: null };
const aliceUrl = 'https://192.168.1.10:8443/?token=alice.token';

/** Lets the requests the model made on its own (the list) be answered. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("the console's access links", () => {
  it('are listed when the console connects, and again after each reconnect', async () => {
    const signaling = new ScriptedSignaling();
    let listed = [alice];
    signaling.answer('links:list', () => ({ links: listed }));
    const list = new AccessLinkList(signaling);
    await settle();
    expect(list.state.value.links).toEqual([alice]);

    signaling.setConnected(false);
    listed = [alice, bob];
    signaling.setConnected(true);
    await settle();
    expect(list.state.value.links).toEqual([alice, bob]);
    expect(signaling.sent.filter((s) => s.event === 'links:list')).toHaveLength(2);
  });

  it('follow what the server announces on every change', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [] }));
    const list = new AccessLinkList(signaling);
    await settle();
    signaling.emit('links:changed', { links: [alice, bob] });
    expect(list.state.value.links).toEqual([alice, bob]);
  });

  it('keep an announced change over a list answer that was asked for before it', async () => {
    const signaling = new ScriptedSignaling();
    let answerList: (links: AccessLink[]) => void = () => {};
    signaling.answer('links:list', () => new Promise((resolve) => (answerList = (links) => resolve({ links }))));
    const list = new AccessLinkList(signaling);
    signaling.emit('links:changed', { links: [alice, bob] });
    answerList([alice]);
    await settle();
    expect(list.state.value.links).toEqual([alice, bob]);
  });

  it('say so when the links cannot be listed', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => {
      throw new ProtocolError('FORBIDDEN', 'links:list is for consoles');
    });
    const list = new AccessLinkList(signaling);
    await settle();
    expect(list.state.value).toMatchObject({ links: null, listError: 'The links could not be listed: links:list is for consoles' });
  });

  it('issue a link for one person and hold its address until dismissed', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [] }));
    signaling.answer('links:issue', () => ({ link: alice, token: 'alice.token', url: aliceUrl }));
    const list = new AccessLinkList(signaling);
    await settle();
    const done = list.issue({ name: '  Alice ', role: 'viewer', ttlHours: 1 });
    expect(list.state.value.issuing).toBe(true);
    await expect(done).resolves.toBe(true);
    expect(signaling.sent.at(-1)).toMatchObject({ event: 'links:issue', payload: { name: 'Alice', role: 'viewer', ttlHours: 1 } });
    expect(list.state.value).toMatchObject({ issuing: false, issued: { link: alice, url: aliceUrl }, issueError: null, links: [alice] });
    list.dismissIssued();
    expect(list.state.value.issued).toBeNull();
  });

  it('refuse a link without a name before asking the server, in the contract\'s words', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [] }));
    const list = new AccessLinkList(signaling);
    await settle();
    await expect(list.issue({ name: '   ', role: 'pilot', ttlHours: 24 })).resolves.toBe(false);
    expect(list.state.value.issueError).toBe('Not issued: give the link a name (who it is for)');
    expect(signaling.sent.some((s) => s.event === 'links:issue')).toBe(false);
  });

  it("show the server's refusal to issue", async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [] }));
    signaling.answer('links:issue', () => {
      throw new ProtocolError('UNAVAILABLE', 'this server keeps no access links');
    });
    const list = new AccessLinkList(signaling);
    await expect(list.issue({ name: 'Alice', role: 'viewer', ttlHours: 1 })).resolves.toBe(false);
    expect(list.state.value).toMatchObject({ issuing: false, issued: null, issueError: 'Not issued: this server keeps no access links' });
  });

  it('revoke one link, showing it revoked at once', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [alice, bob] }));
    const revoked = { ...alice, revokedAt: 5_000 };
    signaling.answer('links:revoke', () => ({ link: revoked }));
    const list = new AccessLinkList(signaling);
    await settle();
    const done = list.revoke(alice.id);
    expect(list.state.value.revoking).toBe(alice.id);
    await expect(done).resolves.toBe(true);
    expect(signaling.sent.at(-1)).toMatchObject({ event: 'links:revoke', payload: { id: alice.id } });
    expect(list.state.value.revoking).toBeNull();
    expect(list.state.value.links).toEqual(expect.arrayContaining([revoked, bob]));
    expect(list.state.value.links).toHaveLength(2);
  });

  it('say which link was not revoked and why', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('links:list', () => ({ links: [alice] }));
    signaling.answer('links:revoke', () => {
      throw new ProtocolError('NOT_FOUND', 'no such link');
    });
    const list = new AccessLinkList(signaling);
    await settle();
    await expect(list.revoke(alice.id)).resolves.toBe(false);
    expect(list.state.value).toMatchObject({ revoking: null, revokeError: { id: alice.id, message: 'Not revoked: no such link' }, links: [alice] });
  });

  it('stop listening when closed', () => {
    const signaling = new ScriptedSignaling();
    const list = new AccessLinkList(signaling);
    list.close();
    expect(signaling.listenerCount('links:changed')).toBe(0);
  });
});
