/** The disk failed a write or a sync of the store's log; the change it carried was not applied. */
export class DiskError extends Error {
  override name = 'DiskError'
  constructor(
    message: string,
    /**
     * Every later change fails too: after a failed sync, what the file holds
     * is no longer known until the mock restarts and replays it.
     */
    readonly lasting: boolean,
  ) {
    super(message)
  }
}
