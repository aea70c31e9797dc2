import { inject } from 'vitest'

// What a user's CI would put in the environment, set in each test worker
// before a file's first testcontainers call: the Docker API where testcontainers
// would not find it alone (podman's, started by global-setup.ts), no Ryuk (its
// image is in a registry; the tests stop what they start), and the image the
// README's example reads.
const dockerHost = inject('dockerHost')
if (dockerHost) process.env.DOCKER_HOST = dockerHost
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
process.env.ALTEGIO_MOCK_IMAGE = inject('image')
