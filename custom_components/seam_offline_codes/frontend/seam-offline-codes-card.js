var M=globalThis,z=M.ShadowRoot&&(M.ShadyCSS===void 0||M.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,B=Symbol(),le=new WeakMap,C=class{constructor(e,t,s){if(this._$cssResult$=!0,s!==B)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(z&&e===void 0){let s=t!==void 0&&t.length===1;s&&(e=le.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),s&&le.set(t,e))}return e}toString(){return this.cssText}},ce=r=>new C(typeof r=="string"?r:r+"",void 0,B),v=(r,...e)=>{let t=r.length===1?r[0]:e.reduce((s,i,n)=>s+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(i)+r[n+1],r[0]);return new C(t,r,B)},de=(r,e)=>{if(z)r.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let s=document.createElement("style"),i=M.litNonce;i!==void 0&&s.setAttribute("nonce",i),s.textContent=t.cssText,r.appendChild(s)}},W=z?r=>r:r=>r instanceof CSSStyleSheet?(e=>{let t="";for(let s of e.cssRules)t+=s.cssText;return ce(t)})(r):r;var{is:Me,defineProperty:ze,getOwnPropertyDescriptor:Ke,getOwnPropertyNames:je,getOwnPropertySymbols:qe,getPrototypeOf:Be}=Object,K=globalThis,he=K.trustedTypes,We=he?he.emptyScript:"",Fe=K.reactiveElementPolyfillSupport,L=(r,e)=>r,F={toAttribute(r,e){switch(e){case Boolean:r=r?We:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,e){let t=r;switch(e){case Boolean:t=r!==null;break;case Number:t=r===null?null:Number(r);break;case Object:case Array:try{t=JSON.parse(r)}catch{t=null}}return t}},pe=(r,e)=>!Me(r,e),ue={attribute:!0,type:String,converter:F,reflect:!1,useDefault:!1,hasChanged:pe};Symbol.metadata??=Symbol("metadata"),K.litPropertyMetadata??=new WeakMap;var g=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=ue){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let s=Symbol(),i=this.getPropertyDescriptor(e,s,t);i!==void 0&&ze(this.prototype,e,i)}}static getPropertyDescriptor(e,t,s){let{get:i,set:n}=Ke(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:i,set(o){let c=i?.call(this);n?.call(this,o),this.requestUpdate(e,c,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??ue}static _$Ei(){if(this.hasOwnProperty(L("elementProperties")))return;let e=Be(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(L("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(L("properties"))){let t=this.properties,s=[...je(t),...qe(t)];for(let i of s)this.createProperty(i,t[i])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[s,i]of t)this.elementProperties.set(s,i)}this._$Eh=new Map;for(let[t,s]of this.elementProperties){let i=this._$Eu(t,s);i!==void 0&&this._$Eh.set(i,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let s=new Set(e.flat(1/0).reverse());for(let i of s)t.unshift(W(i))}else e!==void 0&&t.push(W(e));return t}static _$Eu(e,t){let s=t.attribute;return s===!1?void 0:typeof s=="string"?s:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let s of t.keys())this.hasOwnProperty(s)&&(e.set(s,this[s]),delete this[s]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return de(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,s){this._$AK(e,s)}_$ET(e,t){let s=this.constructor.elementProperties.get(e),i=this.constructor._$Eu(e,s);if(i!==void 0&&s.reflect===!0){let n=(s.converter?.toAttribute!==void 0?s.converter:F).toAttribute(t,s.type);this._$Em=e,n==null?this.removeAttribute(i):this.setAttribute(i,n),this._$Em=null}}_$AK(e,t){let s=this.constructor,i=s._$Eh.get(e);if(i!==void 0&&this._$Em!==i){let n=s.getPropertyOptions(i),o=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:F;this._$Em=i;let c=o.fromAttribute(t,n.type);this[i]=c??this._$Ej?.get(i)??c,this._$Em=null}}requestUpdate(e,t,s,i=!1,n){if(e!==void 0){let o=this.constructor;if(i===!1&&(n=this[e]),s??=o.getPropertyOptions(e),!((s.hasChanged??pe)(n,t)||s.useDefault&&s.reflect&&n===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,s))))return;this.C(e,t,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:s,reflect:i,wrapped:n},o){s&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),n!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||s||(t=void 0),this._$AL.set(e,t)),i===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[i,n]of this._$Ep)this[i]=n;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[i,n]of s){let{wrapped:o}=n,c=this[i];o!==!0||this._$AL.has(i)||c===void 0||this.C(i,void 0,n,c)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(t)):this._$EM()}catch(s){throw e=!1,this._$EM(),s}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};g.elementStyles=[],g.shadowRootOptions={mode:"open"},g[L("elementProperties")]=new Map,g[L("finalized")]=new Map,Fe?.({ReactiveElement:g}),(K.reactiveElementVersions??=[]).push("2.1.2");var X=globalThis,me=r=>r,j=X.trustedTypes,_e=j?j.createPolicy("lit-html",{createHTML:r=>r}):void 0,be="$lit$",$=`lit$${Math.random().toFixed(9).slice(2)}$`,Ae="?"+$,Ve=`<${Ae}>`,k=document,R=()=>k.createComment(""),T=r=>r===null||typeof r!="object"&&typeof r!="function",ee=Array.isArray,Ze=r=>ee(r)||typeof r?.[Symbol.iterator]=="function",V=`[ 	
\f\r]`,N=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,fe=/-->/g,ge=/>/g,b=RegExp(`>|${V}(?:([^\\s"'>=/]+)(${V}*=${V}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),ye=/'/g,$e=/"/g,ke=/^(?:script|style|textarea|title)$/i,te=r=>(e,...t)=>({_$litType$:r,strings:e,values:t}),l=te(1),lt=te(2),ct=te(3),E=Symbol.for("lit-noChange"),h=Symbol.for("lit-nothing"),ve=new WeakMap,A=k.createTreeWalker(k,129);function Ee(r,e){if(!ee(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return _e!==void 0?_e.createHTML(e):e}var Ye=(r,e)=>{let t=r.length-1,s=[],i,n=e===2?"<svg>":e===3?"<math>":"",o=N;for(let c=0;c<t;c++){let a=r[c],p,d,u=-1,f=0;for(;f<a.length&&(o.lastIndex=f,d=o.exec(a),d!==null);)f=o.lastIndex,o===N?d[1]==="!--"?o=fe:d[1]!==void 0?o=ge:d[2]!==void 0?(ke.test(d[2])&&(i=RegExp("</"+d[2],"g")),o=b):d[3]!==void 0&&(o=b):o===b?d[0]===">"?(o=i??N,u=-1):d[1]===void 0?u=-2:(u=o.lastIndex-d[2].length,p=d[1],o=d[3]===void 0?b:d[3]==='"'?$e:ye):o===$e||o===ye?o=b:o===fe||o===ge?o=N:(o=b,i=void 0);let y=o===b&&r[c+1].startsWith("/>")?" ":"";n+=o===N?a+Ve:u>=0?(s.push(p),a.slice(0,u)+be+a.slice(u)+$+y):a+$+(u===-2?c:y)}return[Ee(r,n+(r[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),s]},H=class r{constructor({strings:e,_$litType$:t},s){let i;this.parts=[];let n=0,o=0,c=e.length-1,a=this.parts,[p,d]=Ye(e,t);if(this.el=r.createElement(p,s),A.currentNode=this.el.content,t===2||t===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(i=A.nextNode())!==null&&a.length<c;){if(i.nodeType===1){if(i.hasAttributes())for(let u of i.getAttributeNames())if(u.endsWith(be)){let f=d[o++],y=i.getAttribute(u).split($),I=/([.?@])?(.*)/.exec(f);a.push({type:1,index:n,name:I[2],strings:y,ctor:I[1]==="."?Y:I[1]==="?"?G:I[1]==="@"?J:S}),i.removeAttribute(u)}else u.startsWith($)&&(a.push({type:6,index:n}),i.removeAttribute(u));if(ke.test(i.tagName)){let u=i.textContent.split($),f=u.length-1;if(f>0){i.textContent=j?j.emptyScript:"";for(let y=0;y<f;y++)i.append(u[y],R()),A.nextNode(),a.push({type:2,index:++n});i.append(u[f],R())}}}else if(i.nodeType===8)if(i.data===Ae)a.push({type:2,index:n});else{let u=-1;for(;(u=i.data.indexOf($,u+1))!==-1;)a.push({type:7,index:n}),u+=$.length-1}n++}}static createElement(e,t){let s=k.createElement("template");return s.innerHTML=e,s}};function w(r,e,t=r,s){if(e===E)return e;let i=s!==void 0?t._$Co?.[s]:t._$Cl,n=T(e)?void 0:e._$litDirective$;return i?.constructor!==n&&(i?._$AO?.(!1),n===void 0?i=void 0:(i=new n(r),i._$AT(r,t,s)),s!==void 0?(t._$Co??=[])[s]=i:t._$Cl=i),i!==void 0&&(e=w(r,i._$AS(r,e.values),i,s)),e}var Z=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:s}=this._$AD,i=(e?.creationScope??k).importNode(t,!0);A.currentNode=i;let n=A.nextNode(),o=0,c=0,a=s[0];for(;a!==void 0;){if(o===a.index){let p;a.type===2?p=new P(n,n.nextSibling,this,e):a.type===1?p=new a.ctor(n,a.name,a.strings,this,e):a.type===6&&(p=new Q(n,this,e)),this._$AV.push(p),a=s[++c]}o!==a?.index&&(n=A.nextNode(),o++)}return A.currentNode=k,i}p(e){let t=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(e,s,t),t+=s.strings.length-2):s._$AI(e[t])),t++}},P=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,s,i){this.type=2,this._$AH=h,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=s,this.options=i,this._$Cv=i?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=w(this,e,t),T(e)?e===h||e==null||e===""?(this._$AH!==h&&this._$AR(),this._$AH=h):e!==this._$AH&&e!==E&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):Ze(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==h&&T(this._$AH)?this._$AA.nextSibling.data=e:this.T(k.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:s}=e,i=typeof s=="number"?this._$AC(e):(s.el===void 0&&(s.el=H.createElement(Ee(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===i)this._$AH.p(t);else{let n=new Z(i,this),o=n.u(this.options);n.p(t),this.T(o),this._$AH=n}}_$AC(e){let t=ve.get(e.strings);return t===void 0&&ve.set(e.strings,t=new H(e)),t}k(e){ee(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,s,i=0;for(let n of e)i===t.length?t.push(s=new r(this.O(R()),this.O(R()),this,this.options)):s=t[i],s._$AI(n),i++;i<t.length&&(this._$AR(s&&s._$AB.nextSibling,i),t.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let s=me(e).nextSibling;me(e).remove(),e=s}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},S=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,s,i,n){this.type=1,this._$AH=h,this._$AN=void 0,this.element=e,this.name=t,this._$AM=i,this.options=n,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=h}_$AI(e,t=this,s,i){let n=this.strings,o=!1;if(n===void 0)e=w(this,e,t,0),o=!T(e)||e!==this._$AH&&e!==E,o&&(this._$AH=e);else{let c=e,a,p;for(e=n[0],a=0;a<n.length-1;a++)p=w(this,c[s+a],t,a),p===E&&(p=this._$AH[a]),o||=!T(p)||p!==this._$AH[a],p===h?e=h:e!==h&&(e+=(p??"")+n[a+1]),this._$AH[a]=p}o&&!i&&this.j(e)}j(e){e===h?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},Y=class extends S{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===h?void 0:e}},G=class extends S{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==h)}},J=class extends S{constructor(e,t,s,i,n){super(e,t,s,i,n),this.type=5}_$AI(e,t=this){if((e=w(this,e,t,0)??h)===E)return;let s=this._$AH,i=e===h&&s!==h||e.capture!==s.capture||e.once!==s.once||e.passive!==s.passive,n=e!==h&&(s===h||i);i&&this.element.removeEventListener(this.name,this,s),n&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Q=class{constructor(e,t,s){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(e){w(this,e)}};var Ge=X.litHtmlPolyfillSupport;Ge?.(H,P),(X.litHtmlVersions??=[]).push("3.3.3");var we=(r,e,t)=>{let s=t?.renderBefore??e,i=s._$litPart$;if(i===void 0){let n=t?.renderBefore??null;s._$litPart$=i=new P(e.insertBefore(R(),n),n,void 0,t??{})}return i._$AI(r),i};var se=globalThis,m=class extends g{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=we(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return E}};m._$litElement$=!0,m.finalized=!0,se.litElementHydrateSupport?.({LitElement:m});var Je=se.litElementPolyfillSupport;Je?.({LitElement:m});(se.litElementVersions??=[]).push("4.2.2");var _="seam_offline_codes";function Se(r,e,t){r.dispatchEvent(new CustomEvent(e,{detail:t,bubbles:!0,composed:!0}))}var re=36e5,Qe=29;function ie(r){return r.name_by_user||r.name||r.id}function Xe(r){let e=(r.manufacturer||"").toLowerCase();return e.includes("igloo")?"igloohome":e.includes("dormakaba")?"dormakaba_oracode":"other"}function xe(r){return typeof r=="string"&&r?new Date(r):null}function Ce(r){return Array.isArray(r)?r:[]}function et(r,e,t,s){return t?"one_time":s?"time_slot":r&&e&&e.getTime()-r.getTime()>=Qe*24*re?"daily":"hourly"}function ne(r){return[...new Set(Object.values(r.entities).filter(t=>t.platform===_&&t.translation_key==="offline_codes"&&t.device_id).map(t=>t.device_id))].map(t=>r.devices[t]).filter(t=>!!t).sort((t,s)=>ie(t).localeCompare(ie(s)))}function tt(r,e,t){let s=r.states[e];if(!s)return null;let i=s.attributes,n=String(i.friendly_name??e),o=n.startsWith(`${t} `)?n.slice(t.length+1):n,c=xe(i.starts_at),a=i.is_one_time_use===!0,p=xe(i.ends_at);!p&&a&&c&&(p=new Date(c.getTime()+24*re));let d=i.time_slot??null;return{entityId:e,name:o,status:s.state,statusLabel:r.formatEntityState?r.formatEntityState(s):s.state,startsAt:c,endsAt:p,kind:et(c,p,a,d),timeSlot:d,waitingForPin:i.waiting_for_code===!0,noLongerNeeded:i.no_longer_needed??null,warnings:Ce(i.warnings),errors:Ce(i.errors)}}function Le(r,e){let t=ne(r).filter(i=>!e?.length||e.includes(i.id)),s=Object.values(r.entities).filter(i=>i.platform===_&&!i.hidden);return t.map(i=>{let n=ie(i),o=s.filter(d=>d.device_id===i.id),c=o.find(d=>d.translation_key==="offline_codes"),a=c&&r.states[c.entity_id]?.attributes.time_zone,p=o.filter(d=>d.translation_key==="access_code").map(d=>tt(r,d.entity_id,n)).filter(d=>d!==null).sort((d,u)=>(d.startsAt?.getTime()??0)-(u.startsAt?.getTime()??0)||d.name.localeCompare(u.name));return{deviceId:i.id,name:n,maker:Xe(i),timeZone:typeof a=="string"?a:r.config.time_zone,codes:p}})}function Ne(r,e,t){if(!r.startsAt)return"";let s=new Intl.DateTimeFormat(t,{timeZone:e,dateStyle:"medium",timeStyle:"short"}),i=r.endsAt?s.format(r.endsAt):"…";return`${s.format(r.startsAt)} – ${i}`}function Re(r,e){return r.maker==="igloohome"&&e.kind!=="one_time"&&e.startsAt!==null&&e.endsAt!==null&&e.endsAt.getTime()-e.startsAt.getTime()>24*re}var D=class extends m{constructor(){super(...arguments);this._config={type:""}}setConfig(t){this._config=t}_changed(t){this._config=t,Se(this,"config-changed",{config:t})}_toggle(t,s){let i=(this._config.locks??[]).filter(a=>a!==t),n=s?[...i,t]:i,{locks:o,...c}=this._config;this._changed(n.length?{...c,locks:n}:c)}render(){if(!this.hass)return l``;let t=this._config.locks??[];return l`<label
        >Title
        <input
          name="title"
          .value=${this._config.title??""}
          @change=${s=>{let i=s.target.value,{title:n,...o}=this._config;this._changed(i?{...o,title:i}:o)}}
      /></label>
      <fieldset>
        <legend>Locks (none chosen: every lock)</legend>
        ${ne(this.hass).map(s=>l`<label
              ><input
                type="checkbox"
                name=${s.id}
                .checked=${t.includes(s.id)}
                @change=${i=>this._toggle(s.id,i.target.checked)}
              />${s.name_by_user||s.name}</label
            >`)}
      </fieldset>`}};D.properties={hass:{attribute:!1},_config:{state:!0}},D.styles=v`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.8rem;
    }
    label {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
    fieldset {
      border: 1px solid var(--divider-color, #ddd);
      border-radius: 8px;
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
    }
    input[name="title"] {
      flex: 1;
      font: inherit;
      padding: 0.3rem;
    }
  `;customElements.get("seam-offline-codes-card-editor")||customElements.define("seam-offline-codes-card-editor",D);var oe={hourly:"Hourly code",daily:"Daily code",one_time:"One-time code",time_slot:"Time slot"},Te={dismissed:"No longer needed",stay_cancelled:"Stay cancelled",stay_superseded:"Stay moved"},ae="Offline PINs cannot be revoked: this one keeps working on the lock until its end, unless the maker's app or the lock's own procedure stops it.",He="Use within 24 hours of its start, or the lock refuses it from then on.",Pe="No PIN yet: the maker assigns it as the code's start approaches.",De={stay:"Stay (every door)",hourly:"Hourly code",daily:"Daily code",one_time:"One-time code"},st={stay:{igloohome:"igloohome gets an hourly code on the whole hours around the stay (up to 672 hours), else a daily code of at least 29 days.",dormakaba_oracode:"Oracode doors get the narrowest time slot that covers the check-in and check-out times (stays up to 31 days).",other:"Each door gets the code its maker's rules allow."},hourly:{igloohome:"igloohome: 1 to 672 hours (28 days), on whole hours of the lock's clock. Times are in Home Assistant's time zone.",dormakaba_oracode:"Oracode: up to 31 days; start and end within an hour of one of the door's time slots, and moved onto it. Times are in the door's time zone.",other:"Times are in Home Assistant's time zone."},daily:{igloohome:"igloohome: 29 to 367 days, starting and ending at the same time of day.",dormakaba_oracode:"Oracode: 1 to 31 days, on one of the door's time slots.",other:"The maker's rules apply."},one_time:{igloohome:"igloohome: works once, within 24 hours of its start.",dormakaba_oracode:"Oracode doors have no one-time codes.",other:"The maker's rules apply."}};function Oe(r,e){return[...new Set(e)].map(t=>st[r][t])}var Ue="An igloohome code longer than 24 hours must be used once within 24 hours of its start.";function q(r){return`${r.replace("T"," ")}:00`}var O=class extends m{constructor(){super(...arguments);this.locks=[];this._kind="hourly";this._chosen=[];this._slots=[];this._error="";this._result="";this._busy=!1}open(){this._kind=this._kinds()[0],this._chosen=this.locks.slice(0,1).map(t=>t.deviceId),this._error="",this._result="",this._loadSlots(),this.updateComplete.then(()=>this._dialog()?.showModal())}_dialog(){return this.renderRoot.querySelector("dialog")}_kinds(){let t=["hourly","daily","one_time"];return this.hass.services[_]?.create_stay_codes?["stay",...t]:t}_chosenLocks(){return this.locks.filter(t=>this._chosen.includes(t.deviceId))}async _loadSlots(){let t=this._chosenLocks()[0];if(this._slots=[],this._kind!=="daily"||t?.maker!=="dormakaba_oracode")return;let s=await this.hass.callService(_,"list_time_slots",{device_id:t.deviceId},void 0,!1,!0);this._slots=s.response?.time_slots??[]}_value(t){return this.renderRoot.querySelector(`[name="${t}"]`)?.value.trim()??""}_request(){let t=this._value("name");if(this._kind==="stay")return["create_stay_codes",{device_id:this._chosen,name:t,check_in:q(this._value("check_in")),check_out:q(this._value("check_out"))}];let s={device_id:this._chosen[0],name:t};if(this._kind==="hourly")return["create_hourly_code",{...s,starts_at:q(this._value("starts_at")),duration:{hours:Number(this._value("hours"))}}];if(this._kind==="one_time")return["create_one_time_code",{...s,starts_at:q(this._value("starts_at"))}];let i={...s,start_date:this._value("start_date"),end_date:this._value("end_date")};return this._value("time_slot")?i.time_slot=this._value("time_slot"):this._value("time_of_day")&&(i.time_of_day=`${this._value("time_of_day")}:00`),["create_daily_code",i]}async _submit(t){t.preventDefault(),this._error="",this._result="",this._busy=!0;let[s,i]=this._request();try{let o=(await this.hass.callService(_,s,i,void 0,!1,!0)).response??{},c=o.codes??[o];this._result=c.map(a=>`${a.lock??""} ${a.local_starts_at} – ${a.local_ends_at}`.trim()).join(`
`)}catch(n){this._error=n.message??String(n)}finally{this._busy=!1}}_setKind(t){this._kind=t,t!=="stay"&&(this._chosen=this._chosen.slice(0,1)),this._loadSlots()}_toggleLock(t,s){let i=this._chosen.filter(n=>n!==t);this._chosen=this._kind==="stay"?s?[...i,t]:i:[t],this._loadSlots()}_renderLocks(){let t=this._kind==="stay";return l`<fieldset class="locks">
      <legend>${t?"Doors":"Door"}</legend>
      ${this.locks.map(s=>l`<label
            ><input
              type=${t?"checkbox":"radio"}
              name="lock"
              .checked=${this._chosen.includes(s.deviceId)}
              @change=${i=>this._toggleLock(s.deviceId,i.target.checked)}
            />${s.name}</label
          >`)}
    </fieldset>`}_renderTimes(){switch(this._kind){case"stay":return l`<label>Check-in <input type="datetime-local" name="check_in" required /></label>
          <label>Check-out <input type="datetime-local" name="check_out" required /></label>`;case"hourly":return l`<label>Starts <input type="datetime-local" name="starts_at" required /></label>
          <label>Hours <input type="number" name="hours" min="1" value="24" required /></label>`;case"one_time":return l`<label>Starts <input type="datetime-local" name="starts_at" required /></label>`;case"daily":return l`<label>First day <input type="date" name="start_date" required /></label>
          <label>Last day <input type="date" name="end_date" required /></label>
          ${this._slots.length?l`<label
                >Time slot
                <select name="time_slot">
                  ${this._slots.map(t=>l`<option value=${t.name}>
                        ${t.name} (${t.check_in.slice(0,5)}–${t.check_out.slice(0,5)})
                      </option>`)}
                </select></label
              >`:l`<label
                >Time of day <input type="time" name="time_of_day" value="15:00"
              /></label>`}`}}render(){let t=this._chosenLocks().map(s=>s.maker);return l`<dialog @close=${()=>this.dispatchEvent(new Event("closed"))}>
      <form @submit=${this._submit}>
        <h2>New code</h2>
        <label
          >Kind
          <select
            name="kind"
            @change=${s=>this._setKind(s.target.value)}
          >
            ${this._kinds().map(s=>l`<option value=${s} ?selected=${s===this._kind}>
                  ${De[s]}
                </option>`)}
          </select></label
        >
        ${this._renderLocks()}
        <label>Name <input name="name" required maxlength="100" /></label>
        ${this._renderTimes()}
        <ul class="rules">
          ${Oe(this._kind,t).map(s=>l`<li>${s}</li>`)}
          ${t.includes("igloohome")&&this._kind!=="one_time"?l`<li>${Ue}</li>`:h}
        </ul>
        ${this._error?l`<p class="error" role="alert">${this._error}</p>`:h}
        ${this._result?l`<p class="result">Created: ${this._result}</p>`:h}
        <div class="buttons">
          <button type="button" @click=${()=>this._dialog()?.close()}>Close</button>
          <button type="submit" class="primary" ?disabled=${this._busy||!this._chosen.length}>
            Create
          </button>
        </div>
      </form>
    </dialog>`}};O.properties={hass:{attribute:!1},locks:{attribute:!1},_kind:{state:!0},_chosen:{state:!0},_slots:{state:!0},_error:{state:!0},_result:{state:!0},_busy:{state:!0}},O.styles=v`
    dialog {
      border: none;
      border-radius: var(--ha-card-border-radius, 12px);
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color);
      max-width: 28rem;
      width: calc(100% - 2rem);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
    }
    h2 {
      margin: 0;
      font-size: 1.2rem;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      font-size: 0.9rem;
    }
    fieldset.locks label {
      flex-direction: row;
      align-items: center;
      gap: 0.4rem;
    }
    fieldset {
      border: 1px solid var(--divider-color, #ddd);
      border-radius: 8px;
    }
    input,
    select {
      font: inherit;
      padding: 0.3rem;
    }
    .rules {
      margin: 0;
      padding-left: 1.2rem;
      font-size: 0.85rem;
      color: var(--secondary-text-color);
    }
    .error {
      color: var(--error-color, #db4437);
      margin: 0;
    }
    .result {
      color: var(--success-color, #43a047);
      margin: 0;
      white-space: pre-line;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    button {
      font: inherit;
      padding: 0.4rem 0.9rem;
      border-radius: 6px;
      border: 1px solid var(--divider-color, #ccc);
      background: none;
      color: inherit;
      cursor: pointer;
    }
    button.primary {
      background: var(--primary-color, #03a9f4);
      border-color: var(--primary-color, #03a9f4);
      color: var(--text-primary-color, #fff);
    }
  `;customElements.get("seam-offline-codes-new-code")||customElements.define("seam-offline-codes-new-code",O);var x="seam-offline-codes-card",it="igloo_algopin_must_be_used_within_24_hours",U=class extends m{constructor(){super(...arguments);this._config={type:`custom:${x}`};this._revealed={};this._failure=""}static getConfigElement(){return document.createElement(`${x}-editor`)}static getStubConfig(){return{}}setConfig(t){if(t.locks!==void 0&&!Array.isArray(t.locks))throw new Error("locks must be a list of device ids");this._config=t}getCardSize(){return 3}get _admin(){return this.hass.user?.is_admin===!0}get _language(){return this.hass.locale?.language??this.hass.language??navigator.language}async _copyPin(t){this._failure="";try{let i=(await this.hass.callService(_,"get_code",{entity_id:t.entityId},void 0,!1,!0)).response?.code??null,n=!1;if(i)try{await navigator.clipboard.writeText(i),n=!0}catch{}this._revealed={...this._revealed,[t.entityId]:{pin:i,copied:n}}}catch(s){this._failure=s.message??String(s)}}_hidePin(t){let{[t.entityId]:s,...i}=this._revealed;this._revealed=i}async _dismiss(t){if(confirm(`Mark "${t.name}" as no longer needed?

${ae}`)){this._failure="";try{await this.hass.callService(_,"dismiss_code",{entity_id:t.entityId})}catch(s){this._failure=s.message??String(s)}}}_openNewCode(){this.renderRoot.querySelector("seam-offline-codes-new-code")?.open()}_renderPin(t){let s=this._revealed[t.entityId];return s?s.pin?l`<span class="pin" data-pin>${s.pin}</span>
      <span class="note">${s.copied?"Copied":"Copy it from here"}</span>
      <button class="hide" @click=${()=>this._hidePin(t)}>Hide</button>`:l`<span class="note">${Pe}</span>`:l`<button class="copy" @click=${()=>this._copyPin(t)}>Copy PIN</button>`}_renderCode(t,s){let i=s.noLongerNeeded,n=s.warnings.filter(c=>c.code!==it),o=s.kind==="time_slot"?`${oe.time_slot}: ${s.timeSlot}`:oe[s.kind];return l`<li class="code ${i?"no-longer-needed":""}" data-entity=${s.entityId}>
      <div class="line">
        <span class="name">${s.name}</span>
        <span class="chip status-${s.status}" data-status=${s.status}
          >${s.statusLabel}</span
        >
        ${i?l`<span class="chip standing" data-standing=${i}
              >${Te[i]??i}</span
            >`:h}
      </div>
      <div class="window">${Ne(s,t.timeZone,this._language)}</div>
      <div class="kind">${o}</div>
      ${Re(t,s)&&!i?l`<div class="warning">${He}</div>`:h}
      ${n.map(c=>l`<div class="warning">${c.message}</div>`)}
      ${s.errors.map(c=>l`<div class="error">${c.message}</div>`)}
      ${i?l`<div class="note">${ae}</div>`:h}
      ${this._admin?l`<div class="actions">
            ${this._renderPin(s)}
            ${i?h:l`<button class="dismiss" @click=${()=>this._dismiss(s)}>
                  Dismiss
                </button>`}
          </div>`:h}
    </li>`}_renderLock(t){return l`<section class="lock" data-lock=${t.deviceId}>
      <h3>${t.name} <span class="zone">${t.timeZone}</span></h3>
      ${t.codes.length?l`<ul>${t.codes.map(s=>this._renderCode(t,s))}</ul>`:l`<p class="empty">No codes</p>`}
    </section>`}render(){if(!this.hass)return h;let t=Le(this.hass,this._config.locks);return l`<ha-card .header=${this._config.title??"Offline codes"}>
      <div class="card-content">
        ${t.length?t.map(s=>this._renderLock(s)):l`<p class="empty">No locks of Seam Offline Codes</p>`}
        ${this._failure?l`<p class="error" role="alert">${this._failure}</p>`:h}
      </div>
      ${this._admin&&t.length?l`<div class="card-actions">
              <button class="new" @click=${this._openNewCode}>New code</button>
            </div>
            <seam-offline-codes-new-code
              .hass=${this.hass}
              .locks=${t}
            ></seam-offline-codes-new-code>`:h}
    </ha-card>`}};U.properties={hass:{attribute:!1},_config:{state:!0},_revealed:{state:!0},_failure:{state:!0}},U.styles=v`
    .lock + .lock {
      margin-top: 1rem;
    }
    h3 {
      margin: 0 0 0.4rem;
      font-size: 1.05rem;
    }
    .zone {
      font-weight: normal;
      font-size: 0.8rem;
      color: var(--secondary-text-color);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .code {
      padding: 0.5rem 0;
      border-top: 1px solid var(--divider-color, #e0e0e0);
    }
    .code.no-longer-needed .name {
      text-decoration: line-through;
      color: var(--secondary-text-color);
    }
    .line {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    .name {
      font-weight: 500;
      flex: 1;
    }
    .chip {
      border-radius: 1rem;
      padding: 0.1rem 0.6rem;
      font-size: 0.8rem;
      color: #fff;
      background: var(--disabled-color, #9e9e9e);
    }
    .status-unset {
      background: var(--info-color, #039be5);
    }
    .status-setting {
      background: var(--warning-color, #ffa600);
    }
    .status-set {
      background: var(--success-color, #43a047);
    }
    .status-removing {
      background: var(--state-inactive-color, #8d6e63);
    }
    .status-unknown {
      background: var(--error-color, #db4437);
    }
    .chip.standing {
      background: var(--secondary-text-color, #727272);
    }
    .window,
    .kind,
    .note {
      font-size: 0.85rem;
      color: var(--secondary-text-color);
    }
    .warning {
      font-size: 0.85rem;
      color: var(--warning-color, #ffa600);
    }
    .error {
      font-size: 0.85rem;
      color: var(--error-color, #db4437);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin-top: 0.3rem;
      flex-wrap: wrap;
    }
    .pin {
      font-family: var(--code-font-family, monospace);
      font-size: 1.1rem;
      letter-spacing: 0.1em;
    }
    .empty {
      color: var(--secondary-text-color);
    }
    button {
      font: inherit;
      font-size: 0.85rem;
      padding: 0.25rem 0.7rem;
      border-radius: 6px;
      border: 1px solid var(--divider-color, #ccc);
      background: none;
      color: var(--primary-color, #03a9f4);
      cursor: pointer;
    }
    .card-actions {
      display: flex;
      justify-content: flex-end;
      padding: 0.5rem 1rem;
      border-top: 1px solid var(--divider-color, #e0e0e0);
    }
  `;customElements.get(x)||customElements.define(x,U);var Ie=window.customCards??=[];Ie.some(r=>r.type===x)||Ie.push({type:x,name:"Seam offline codes",description:"The offline codes of your locks: status, window, Copy PIN and New code.",preview:!0,documentationURL:"https://github.com/seam-offline-codes/ha-seam-offline-codes#the-codes-card"});export{U as SeamOfflineCodesCard};
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
