/**
 * A small, strict XML reader for tests: elements, attributes, text and the
 * five predefined entities. It throws on anything malformed (unclosed or
 * mismatched tags, a raw `<` or `&` in text, duplicate attributes), which
 * is exactly what a JUnit consumer would choke on.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(raw: string, where: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw))
    throw new Error(`unescaped markup in ${where}: ${raw.slice(0, 60)}`)
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] as string),
  )
}

export function parseXml(xml: string): XmlElement {
  let i = 0
  const src = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: XmlElement[] = []
  let rootEl: XmlElement | null = null
  while (i < src.length) {
    const lt = src.indexOf('<', i)
    const text = src.slice(i, lt === -1 ? src.length : lt)
    if (text.trim() !== '') {
      const top = stack[stack.length - 1]
      if (!top) throw new Error('text outside the root element')
      top.text += decode(text, `<${top.name}>`)
    }
    if (lt === -1) break
    const gt = src.indexOf('>', lt)
    if (gt === -1) throw new Error('unterminated tag')
    const tag = src.slice(lt + 1, gt)
    i = gt + 1
    if (tag.startsWith('/')) {
      const open = stack.pop()
      if (!open || open.name !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}>`)
      continue
    }
    const selfClosing = tag.endsWith('/')
    const body = selfClosing ? tag.slice(0, -1) : tag
    const m = /^([A-Za-z_][\w.-]*)/.exec(body)
    if (!m) throw new Error(`bad tag <${tag}>`)
    const el: XmlElement = { name: m[1] as string, attrs: {}, children: [], text: '' }
    const rest = body.slice(m[0].length)
    const attrRe = /\s+([A-Za-z_][\w.:-]*)="([^"]*)"/gy
    let pos = 0
    for (;;) {
      attrRe.lastIndex = pos
      const a = attrRe.exec(rest)
      if (!a) break
      if ((a[1] as string) in el.attrs) throw new Error(`duplicate attribute ${a[1]}`)
      el.attrs[a[1] as string] = decode(a[2] as string, `attribute ${a[1]}`)
      pos = attrRe.lastIndex
    }
    if (rest.slice(pos).trim() !== '') throw new Error(`bad attributes in <${tag}>`)
    const parent = stack[stack.length - 1]
    if (parent) parent.children.push(el)
    else if (rootEl) throw new Error('two root elements')
    else rootEl = el
    if (!selfClosing) stack.push(el)
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`)
  if (!rootEl) throw new Error('no root element')
  return rootEl
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))]
}
