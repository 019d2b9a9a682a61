// Start Seam's own fake, @seamapi/fake-seam-connect, seeded for the client contract tests.
//
// The fake only accepts custom data in-process, so this script seeds it through its database
// API, starts its HTTP server on $PORT (0 picks a free port) and prints one JSON line,
// {"url", "api_key", "workspace_id", "device_ids"}, once it is listening.
import { env, stdout } from 'node:process'

import { createFake } from '@seamapi/fake-seam-connect'

const WORKSPACE_ID = 'contract_workspace'
const API_KEY = 'seam_test_contract_key'
const DEVICE_COUNT = 5

const fake = await createFake()
const db = fake.database.getState()
db.addWorkspace({ workspace_id: WORKSPACE_ID, name: 'Contract Workspace', is_sandbox: true })
db.addApiKey({ name: 'Contract key', token: API_KEY, workspace_id: WORKSPACE_ID })
const account = db.addConnectedAccount({
  provider: 'august',
  workspace_id: WORKSPACE_ID,
  user_identifier: { email: 'jane@example.com' },
})
const deviceIds = []
for (let index = 0; index < DEVICE_COUNT; index++) {
  const device = db.addDevice({
    device_id: `contract_lock_${index}`,
    device_type: 'august_lock',
    name: `Lock ${index}`,
    workspace_id: WORKSPACE_ID,
    connected_account_id: account.connected_account_id,
    can_program_online_access_codes: true,
    created_at: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString(),
    properties: { name: `Lock ${index}`, manufacturer: 'august', locked: true },
  })
  deviceIds.push(device.device_id)
}

const server = await fake.startServer({ port: Number(env.PORT ?? 0) })
const { port } = server.server.address()
stdout.write(
  `${JSON.stringify({
    url: `http://127.0.0.1:${port}`,
    api_key: API_KEY,
    workspace_id: WORKSPACE_ID,
    device_ids: deviceIds,
  })}\n`,
)
