/** Site languages, URLs and the interface strings shared by pages and islands. Chinese is the default. */
export type SiteLang = 'zh-CN' | 'en';
export type Short = 'zh' | 'en';

export const short = (lang: SiteLang): Short => (lang === 'en' ? 'en' : 'zh');

/** The URL of a site path in a language: zh-CN at the root, English under /en/. */
export function href(lang: SiteLang, path = '/'): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return lang === 'en' ? `/en${p}` : p;
}

/** The same page in the other language. */
export function otherLang(lang: SiteLang): SiteLang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

export const UI = {
  'zh-CN': {
    site: '容器课堂',
    siteEn: 'Container Classroom',
    tagline: '在浏览器里一步一步学 Docker：背后是一个精确的 Docker 模拟器。',
    skip: '跳到正文',
    navLessons: '课程',
    navPlayground: '练习场',
    navQuiz: '面试题',
    navSearch: '搜索',
    searchPlaceholder: '搜索课程…',
    searchLabel: '搜索课程',
    searchButton: '搜索',
    langSwitch: 'English',
    langSwitchLabel: '切换到英文版',
    lessonsHeading: '课程',
    lessonN: (n: number) => `第 ${n} 课`,
    steps: (n: number) => `${n} 步`,
    progressDone: '已完成',
    progressStarted: '进行中',
    start: '开始学习',
    playgroundIntro: '一个自由的沙盒：想敲什么就敲什么。可以撤销、重置，也可以把这个沙盒分享给别人。',
    footer: '容器课堂 · 所有命令都在你的浏览器里运行，不连接任何服务器。',
    prevLesson: '上一课',
    nextLesson: '下一课',
    searchNoResults: '没有找到相关内容。',
    searchResults: (n: number) => `找到 ${n} 条结果`,
    exportProgress: '导出学习进度',
    importProgress: '导入学习进度',
    progressImported: '学习进度已导入。',
    progressBad: '这个文件不是容器课堂的进度文件。',
  },
  en: {
    site: 'Container Classroom',
    siteEn: '容器课堂',
    tagline: 'Learn Docker step by step in your browser, on an exact Docker simulator.',
    skip: 'Skip to content',
    navLessons: 'Lessons',
    navPlayground: 'Playground',
    navQuiz: 'Interview quiz',
    navSearch: 'Search',
    searchPlaceholder: 'Search lessons…',
    searchLabel: 'Search the lessons',
    searchButton: 'Search',
    langSwitch: '中文',
    langSwitchLabel: 'Switch to Chinese',
    lessonsHeading: 'Lessons',
    lessonN: (n: number) => `Lesson ${n}`,
    steps: (n: number) => `${n} steps`,
    progressDone: 'Done',
    progressStarted: 'In progress',
    start: 'Start learning',
    playgroundIntro: 'A free sandbox: type whatever you like. Undo, reset, or share this sandbox with someone else.',
    footer: 'Container Classroom · every command runs in your browser; nothing is sent to a server.',
    prevLesson: 'Previous lesson',
    nextLesson: 'Next lesson',
    searchNoResults: 'Nothing found.',
    searchResults: (n: number) => `${n} result${n === 1 ? '' : 's'}`,
    exportProgress: 'Export my progress',
    importProgress: 'Import progress',
    progressImported: 'Progress imported.',
    progressBad: 'This file is not a Container Classroom progress file.',
  },
} as const;
