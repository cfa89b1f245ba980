/** Small stroke icons (16px grid), drawn inline so the CSP needs no image sources. */
import type { ReactNode, SVGProps } from 'react'

type IconProps = SVGProps<SVGSVGElement> & { size?: number }

function Icon({ size = 14, children, ...rest }: IconProps & { children: ReactNode }): ReactNode {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  )
}

export const CopyIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 5.5v-2a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
  </Icon>
)

export const CheckIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M3 8.5l3 3 7-7" />
  </Icon>
)

export const PauseIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M5.5 3.5v9M10.5 3.5v9" />
  </Icon>
)

export const PlayIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M5 3.2v9.6L12.5 8z" fill="currentColor" strokeWidth={1} />
  </Icon>
)

export const TrashIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M2.5 4.5h11M6.5 4.5V3a.5.5 0 0 1 .5-.5h2a.5.5 0 0 1 .5.5v1.5M4 4.5l.7 8.6a1 1 0 0 0 1 .9h4.6a1 1 0 0 0 1-.9l.7-8.6" />
  </Icon>
)

export const DownloadIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10" />
  </Icon>
)

export const SearchIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <circle cx="7" cy="7" r="4.25" />
    <path d="M10.2 10.2L13.5 13.5" />
  </Icon>
)

export const CloseIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
)

export const SunIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="2.75" />
    <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1.06 1.06M11.54 11.54l1.06 1.06M3.4 12.6l1.06-1.06M11.54 4.46l1.06-1.06" />
  </Icon>
)

export const MoonIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M13.2 9.6A5.5 5.5 0 1 1 6.4 2.8a4.5 4.5 0 0 0 6.8 6.8z" />
  </Icon>
)

export const MonitorIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <rect x="1.75" y="2.75" width="12.5" height="8.5" rx="1.25" />
    <path d="M5.5 13.75h5M8 11.25v2.5" />
  </Icon>
)

export const PlugIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M6 1.75v3M10 1.75v3M4 4.75h8v2.5a4 4 0 0 1-8 0zM8 11.25v3" />
  </Icon>
)

export const ChevronIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M6 4l4 4-4 4" />
  </Icon>
)

export const ArrowUpIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M8 13V3M4 7l4-4 4 4" />
  </Icon>
)

export const AlertIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <path d="M8 2.2L14.2 13H1.8z" />
    <path d="M8 6.5v3M8 11.4v.1" />
  </Icon>
)

export const InfoIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 7.3v3.7M8 5v.1" />
  </Icon>
)

export const ErrorIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M6 6l4 4M10 6l-4 4" />
  </Icon>
)

export const LockIcon = (p: IconProps): ReactNode => (
  <Icon {...p}>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.25 7V5a2.75 2.75 0 0 1 5.5 0v2" />
  </Icon>
)
