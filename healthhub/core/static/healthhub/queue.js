// The work queue tells staff when new requests arrive, without moving the rows they are reading.
// Every 30 seconds it asks how many requests matching the page's filters have arrived since the
// page was shown, and says so in a polite live region with a link to see them. Without this script
// the queue works the same; staff reload to see new requests.

const POLL_INTERVAL_MS = 30 * 1000

const region = document.querySelector('[data-queue-updates]')

if (region) {
  const endpoint = region.dataset.endpoint
  const newestFirst = region.dataset.newestFirst
  // Each poll looks like activity to the server's idle sign-out, so stop polling once nobody has touched
  // the page for nearly the idle limit: an unattended workstation must still sign itself out.
  const idleLimitMs = Math.max(Number(region.dataset.idleSeconds || 0) * 1000 - 2 * POLL_INTERVAL_MS, POLL_INTERVAL_MS)
  let lastInteraction = Date.now()
  let shownCount = 0
  let timer = null

  for (const event of ['keydown', 'pointerdown', 'touchstart']) {
    document.addEventListener(event, () => { lastInteraction = Date.now() }, { passive: true })
  }

  const show = (count, text, href, linkText) => {
    if (count === shownCount) return // say it once; a live region repeats whatever changes
    shownCount = count
    region.replaceChildren()
    if (!count) return
    const inset = document.createElement('div')
    inset.className = 'nhsuk-inset-text'
    const paragraph = document.createElement('p')
    paragraph.append(`${text} `)
    const link = document.createElement('a')
    link.href = href || newestFirst
    link.textContent = linkText
    paragraph.append(link)
    inset.append(paragraph)
    region.append(inset)
  }

  const stop = () => {
    clearInterval(timer)
    timer = null
  }

  const check = async () => {
    if (document.hidden) return
    if (Date.now() - lastInteraction > idleLimitMs) {
      stop()
      return
    }
    try {
      const response = await fetch(endpoint, {
        headers: { Accept: 'application/json', 'X-Background-Request': 'queue-updates' },
        credentials: 'same-origin',
        redirect: 'manual'
      })
      if (response.type === 'opaqueredirect' || response.status === 403) {
        stop() // signed out or no longer allowed: the next page load will say why
        return
      }
      if (!response.ok) return
      const update = await response.json()
      show(update.count, update.text, update.href, update.link_text)
    } catch {
      // A dropped connection: try again at the next interval.
    }
  }

  timer = setInterval(check, POLL_INTERVAL_MS)
}
