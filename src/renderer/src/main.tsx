import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getTransport } from './api/client'
import { App } from './components/app/app'
import { applyTheme, loadThemePreference } from './lib/theme'
import './styles/theme.css'
import './styles/base.css'
import './styles/controls.css'
import './styles/badges.css'
import './styles/overlays.css'
import './styles/layout.css'
import './styles/narrow-widths.css'
import './styles/stream.css'
import './styles/detail.css'
import './styles/detail-panels.css'
import './styles/json-tree.css'
import './styles/empty-state.css'
import './styles/send.css'
import './styles/validation.css'
import './styles/search.css'
import './styles/settings.css'

// Before the first paint: no flash of the wrong theme, and the token leaves the address bar at once.
applyTheme(loadThemePreference())
getTransport()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
