/** A process of that id runs on this machine. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: a process of another user has that id; it is not ours to judge.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
