// altegio-hooks-mock/testcontainers: the Docker image as a Testcontainers
// module. Apart from the main entry, so that testcontainers stays an optional
// peer: only who imports this needs it installed.
export {
  AltegioMockContainer,
  MOCK_PORT,
  StartedAltegioMockContainer,
} from './altegio-mock-container.js'
