// The demo accounts the server creates (DEMO_DATA=true) and the password the
// test server is started with. Demo data only: never a real account.
export const DEMO_PASSWORD = 'e2e-demo-password-not-for-real-use'

export const COORDINATOR = {
  email: 'coordinator@wandsworth.example',
  name: 'Demo Coordinator',
  partnership: 'Wandsworth Safeguarding Children Partnership',
  role: 'Business unit coordinator',
} as const

export const ADMINISTRATOR = {
  email: 'administrator@wandsworth.example',
  name: 'Demo Administrator',
} as const

export const AGENCY_LEAD = {
  email: 'agency-lead@wandsworth.example',
  name: 'Demo Agency Lead',
  agency: "Wandsworth Council Children's Services",
} as const

export const SOUTHWARK_COORDINATOR = {
  email: 'coordinator@southwark.example',
  name: 'Demo Southwark Coordinator',
} as const
